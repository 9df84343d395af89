import { Migration } from '@mikro-orm/migrations';

/** A campaign keeps whom its launch skipped, and why (GET /campaigns/:id). */
export class Migration20261207234000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "campaign" add column "skipped" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "campaign" drop column "skipped";`);
  }
}
