import { Migration } from '@mikro-orm/migrations';

/** An operator's Retry of a failed message is a new message naming it; a failed message is retried at most once. */
export class Migration20261207200000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "message" add column "retry_of" uuid null;`);
    this.addSql(
      `alter table "message" add constraint "message_retry_of_foreign" foreign key ("retry_of") references "message" ("id") on update cascade on delete set null;`,
    );
    this.addSql(`create unique index "message_retry_of_unique" on "message" ("retry_of") where "retry_of" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "message_retry_of_unique";`);
    this.addSql(`alter table "message" drop constraint "message_retry_of_foreign";`);
    this.addSql(`alter table "message" drop column "retry_of";`);
  }
}
