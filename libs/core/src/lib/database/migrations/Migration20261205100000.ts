import { Migration } from '@mikro-orm/migrations';

/** Drafts keep the text that was sent on approval (an operator's edit, or the draft as it was). */
export class Migration20261205100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "draft" add column "sent_body" text null;`);
    // Approvals made before the column: the sent message has the text.
    this.addSql(`update "draft" d set "sent_body" = m."body" from "message" m where d."status" = 'approved' and m."id" = d."message_id";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "draft" drop column "sent_body";`);
  }
}
