import { Migration } from '@mikro-orm/migrations';

export class Migration20261121160000 extends Migration {
  override async up(): Promise<void> {
    // Reports filter by workspace and creation time. Partial where the table is written on every message,
    // so ingest pays only for the rows a report reads.
    this.addSql(`create index "conversation_created_idx" on "conversation" ("workspace_id", "created_at") include ("channel");`);
    this.addSql(
      `create index "timeline_event_report_idx" on "timeline_event" ("workspace_id", "type", "created_at") where "type" in ('escalated', 'status.changed');`,
    );
    this.addSql(`create index "message_outbound_created_idx" on "message" ("workspace_id", "created_at") where "direction" = 'outbound';`);
    this.addSql(`create index "draft_created_idx" on "draft" ("workspace_id", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "draft_created_idx";`);
    this.addSql(`drop index if exists "message_outbound_created_idx";`);
    this.addSql(`drop index if exists "timeline_event_report_idx";`);
    this.addSql(`drop index if exists "conversation_created_idx";`);
  }
}
