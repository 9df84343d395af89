import { Migration } from '@mikro-orm/migrations';

export class Migration20261121151413 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "knowledge_gap" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "conversation_id" uuid not null, "question" text not null, "topic" text not null, constraint "knowledge_gap_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "knowledge_gap_workspace_id_created_at_index" on "knowledge_gap" ("workspace_id", "created_at");`);

    this.addSql(
      `alter table "knowledge_gap" add constraint "knowledge_gap_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "knowledge_gap" add constraint "knowledge_gap_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(`alter table "outbox" add column "deliver_after" timestamptz null;`);

    this.addSql(`alter table "conversation" add column "sla_breached_at" timestamptz null, add column "assistant_cursor_at" timestamptz null;`);

    // SLA-breached escalations (priority 1) sort first under requiresAction, so the index leads with priority.
    this.addSql(`drop index if exists "conversation_requires_action_idx";`);
    this.addSql(
      `create index "conversation_requires_action_idx" on "conversation" ("workspace_id", "priority", "last_activity_at", "id") where "requires_action";`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "knowledge_gap" cascade;`);

    this.addSql(`drop index if exists "conversation_requires_action_idx";`);
    this.addSql(`create index "conversation_requires_action_idx" on "conversation" ("workspace_id", "last_activity_at", "id") where "requires_action";`);
    this.addSql(`alter table "conversation" drop column "sla_breached_at", drop column "assistant_cursor_at";`);

    this.addSql(`alter table "outbox" drop column "deliver_after";`);
  }
}
