import { Migration } from '@mikro-orm/migrations';

/**
 * Email threading: conversations found by their reference (conversation-reference.ts), per workspace;
 * messages keep their other recipients (email To/Cc); inline parts keep their Content-ID (`cid:` images).
 */
export class Migration20261207210000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "conversation_reference_idx" on "conversation" ("workspace_id", upper(right(replace(id::text, '-', ''), 12)));`);
    this.addSql(`alter table "message" add column "recipients" jsonb null;`);
    this.addSql(`alter table "attachment" add column "content_id" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "conversation_reference_idx";`);
    this.addSql(`alter table "message" drop column "recipients";`);
    this.addSql(`alter table "attachment" drop column "content_id";`);
  }
}
