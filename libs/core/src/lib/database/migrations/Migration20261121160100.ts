import { Migration } from '@mikro-orm/migrations';

export class Migration20261121160100 extends Migration {
  override async up(): Promise<void> {
    // The assignee and channel list indexes also carry status and archived (INCLUDE, not keys: the order
    // stays last activity), so "status + assignee", "channel + dates" and their counts read the index
    // alone instead of visiting a conversation row per entry. No new index: these entries are written on
    // every message already (last_activity_at changes, so conversation updates are never HOT).
    this.addSql(`drop index if exists "conversation_assignee_idx";`);
    this.addSql(
      `create index "conversation_assignee_idx" on "conversation" ("workspace_id", "assignee_id", "last_activity_at", "id") include ("status", "archived");`,
    );
    this.addSql(`drop index if exists "conversation_channel_idx";`);
    this.addSql(
      `create index "conversation_channel_idx" on "conversation" ("workspace_id", "channel", "last_activity_at", "id") include ("status", "archived");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "conversation_channel_idx";`);
    this.addSql(`create index "conversation_channel_idx" on "conversation" ("workspace_id", "channel", "last_activity_at", "id");`);
    this.addSql(`drop index if exists "conversation_assignee_idx";`);
    this.addSql(`create index "conversation_assignee_idx" on "conversation" ("workspace_id", "assignee_id", "last_activity_at", "id");`);
  }
}
