import { Migration } from '@mikro-orm/migrations';

/** One-time links to create the first admin (stored hashed) on a server started without the demo. */
export class Migration20261204195915 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "setup_token" ("id" uuid not null, "created_at" timestamptz not null default now(), "token_hash" text not null, "expires_at" timestamptz not null, constraint "setup_token_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "setup_token" add constraint "setup_token_token_hash_unique" unique ("token_hash");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "setup_token" cascade;`);
  }
}
