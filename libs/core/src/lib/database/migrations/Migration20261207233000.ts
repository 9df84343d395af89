import { Migration } from '@mikro-orm/migrations';

/** A hard bounce marks the contact's address undeliverable (email DSN 5.x.x). */
export class Migration20261207233000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "contact_identity" add column "undeliverable_at" timestamptz null, add column "undeliverable_reason" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "contact_identity" drop column "undeliverable_at", drop column "undeliverable_reason";`);
  }
}
