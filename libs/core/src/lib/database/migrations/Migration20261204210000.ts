import { Migration } from '@mikro-orm/migrations';

/**
 * The reconciler: outbox rows may name their job's id (a send, an assistant turn), and two small
 * partial indexes find work Redis may have lost (sends still queued, AI-handled conversations with
 * recent inbound messages) without scanning the tables.
 */
export class Migration20261204210000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "outbox" add column "job_id" text null;`);
    this.addSql(`create index "message_queued_idx" on "message" ("created_at") where "direction" = 'outbound' and "delivery_status" = 'queued';`);
    this.addSql(`create index "conversation_ai_inbound_idx" on "conversation" ("last_inbound_at") where "status" = 'ai_handling';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "conversation_ai_inbound_idx";`);
    this.addSql(`drop index "message_queued_idx";`);
    this.addSql(`alter table "outbox" drop column "job_id";`);
  }
}
