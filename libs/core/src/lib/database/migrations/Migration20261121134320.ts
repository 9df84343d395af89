import { Migration } from '@mikro-orm/migrations';

export class Migration20261121134320 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "delivery_status_event" ("id" bigserial primary key, "channel_account_id" uuid not null, "provider_message_id" text not null, "status" "delivery_status" not null, "error_code" text null, "error_message" text null, "received_at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "delivery_status_event_channel_account_id_provider__ed984_index" on "delivery_status_event" ("channel_account_id", "provider_message_id");`,
    );

    this.addSql(`alter table "message" add column "send_attempted_at" timestamptz null;`);

    this.addSql(`alter table "attachment" add column "status" text not null default 'stored', add column "source_ref" text null;`);
    this.addSql(`alter table "attachment" alter column "storage_key" type text using ("storage_key"::text);`);
    this.addSql(`alter table "attachment" alter column "storage_key" set default '';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "delivery_status_event" cascade;`);

    this.addSql(`alter table "attachment" drop column "status", drop column "source_ref";`);

    this.addSql(`alter table "attachment" alter column "storage_key" drop default;`);
    this.addSql(`alter table "attachment" alter column "storage_key" type text using ("storage_key"::text);`);

    this.addSql(`alter table "message" drop column "send_attempted_at";`);
  }
}
