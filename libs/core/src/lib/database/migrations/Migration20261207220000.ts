import { Migration } from '@mikro-orm/migrations';

/** A channel plugin's listener (IMAP) reports its state on the account, and keeps its positions there. */
export class Migration20261207220000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "channel_account" add column "listener_state" text null, add column "listener_message" text null, add column "listener_updated_at" timestamptz null, add column "listener_cursors" jsonb not null default '{}';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "channel_account" drop column "listener_state", drop column "listener_message", drop column "listener_updated_at", drop column "listener_cursors";`,
    );
  }
}
