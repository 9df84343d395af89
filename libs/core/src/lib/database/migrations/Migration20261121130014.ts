import { Migration } from '@mikro-orm/migrations';

export class Migration20261121130014 extends Migration {
  override async up(): Promise<void> {
    // Trigram search over contact name, email and phone (trusted extension: no superuser needed).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create type "user_role" as enum ('admin', 'operator');`);
    this.addSql(`create type "channel_kind" as enum ('email', 'sms', 'whatsapp', 'webchat', 'voice');`);
    this.addSql(`create type "campaign_status" as enum ('draft', 'running', 'completed', 'cancelled');`);
    this.addSql(`create type "conversation_status" as enum ('ai_handling', 'human_handling', 'resolved', 'opted_out');`);
    this.addSql(`create type "assistant_state" as enum ('active', 'paused', 'blocked');`);
    this.addSql(`create type "reply_state" as enum ('new', 'awaiting_reply', 'replied');`);
    this.addSql(`create type "author_kind" as enum ('contact', 'ai', 'operator', 'system');`);
    this.addSql(`create type "message_direction" as enum ('inbound', 'outbound');`);
    this.addSql(`create type "delivery_status" as enum ('received', 'queued', 'sent', 'delivered', 'read', 'failed', 'bounced');`);
    this.addSql(`create type "risk_level" as enum ('low', 'medium', 'high');`);
    this.addSql(`create type "draft_status" as enum ('pending', 'approved', 'rejected', 'withdrawn');`);
    this.addSql(`create type "booking_status" as enum ('active', 'cancelled');`);
    this.addSql(`create type "autonomy_level" as enum ('full', 'controlled', 'assisted');`);
    this.addSql(
      `create table "outbox" ("id" bigserial primary key, "workspace_id" uuid null, "queue" text not null, "name" text not null, "payload" jsonb not null, "created_at" timestamptz not null default now(), "dispatched_at" timestamptz null);`,
    );
    this.addSql(`create index "outbox_pending_idx" on "outbox" ("id") where "dispatched_at" is null;`);

    this.addSql(
      `create table "workspace" ("id" uuid not null, "created_at" timestamptz not null default now(), "name" text not null, "timezone" text not null default 'UTC', "settings" jsonb not null default '{}', constraint "workspace_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "app_user" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "email" text not null, "name" text not null, "role" "user_role" not null default 'operator', "password_hash" text not null, constraint "app_user_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);
    this.addSql(`create index "app_user_workspace_id_created_at_index" on "app_user" ("workspace_id", "created_at");`);

    this.addSql(
      `create table "knowledge_article" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "title" text not null, "body" text not null, "tags" text[] not null default '{}', "published" boolean not null default true, "search_vector" tsvector generated always as (setweight(to_tsvector('english'::regconfig, COALESCE(title, ''::text)), 'A'::"char") || setweight(to_tsvector('english'::regconfig, COALESCE(body, ''::text)), 'B'::"char")) stored not null, "updated_at" timestamptz not null default now(), constraint "knowledge_article_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "knowledge_article_search_idx" on "knowledge_article" using gin ("search_vector");`);
    this.addSql(`create index "knowledge_article_workspace_id_created_at_index" on "knowledge_article" ("workspace_id", "created_at");`);

    this.addSql(
      `create table "contact" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "name" text null, "email" text null, "phone" text null, "company" text null, "external_id" text null, "metadata" jsonb not null default '{}', "ai_paused" boolean not null default false, "ai_pause_reason" text null, "blocked" boolean not null default false, "opted_out_channels" text[] not null default '{}', "search_text" text generated always as (lower(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))) stored not null, "updated_at" timestamptz not null default now(), constraint "contact_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "contact_search_trgm_idx" on "contact" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`create index "contact_workspace_id_created_at_index" on "contact" ("workspace_id", "created_at");`);

    this.addSql(
      `create table "contact_identity" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "contact_id" uuid not null, "channel" "channel_kind" not null, "address" text not null, constraint "contact_identity_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "contact_identity" add constraint "contact_identity_workspace_id_channel_address_unique" unique ("workspace_id", "channel", "address");`,
    );

    this.addSql(
      `create table "channel_account" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "plugin" text not null, "channel" "channel_kind" not null, "name" text not null, "config" jsonb not null default '{}', "secrets" text null, "active" boolean not null default true, "updated_at" timestamptz not null default now(), constraint "channel_account_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "channel_account_workspace_id_created_at_index" on "channel_account" ("workspace_id", "created_at");`);

    this.addSql(
      `create table "template" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "channel_account_id" uuid not null, "name" text not null, "language" text not null default 'en', "body" text not null, constraint "template_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "template_workspace_id_created_at_index" on "template" ("workspace_id", "created_at");`);
    this.addSql(`alter table "template" add constraint "template_channel_account_id_name_language_unique" unique ("channel_account_id", "name", "language");`);

    this.addSql(
      `create table "campaign" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "name" text not null, "channel_account_id" uuid not null, "template_id" uuid null, "status" "campaign_status" not null default 'draft', constraint "campaign_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "campaign_workspace_id_created_at_index" on "campaign" ("workspace_id", "created_at");`);

    this.addSql(
      `create table "conversation" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "contact_id" uuid not null, "channel_account_id" uuid not null, "channel" "channel_kind" not null, "status" "conversation_status" not null default 'ai_handling', "assistant_state" "assistant_state" not null default 'active', "reply_state" "reply_state" not null default 'new', "assignee_id" uuid null, "escalation_reason" text null, "escalated_at" timestamptz null, "campaign_id" uuid null, "archived" boolean not null default false, "priority" smallint not null default 0, "last_activity_at" timestamptz not null default now(), "last_inbound_at" timestamptz null, "last_message_preview" text null, "pending_drafts" int not null default 0, "requires_action" boolean generated always as ((status = 'human_handling' and reply_state = 'awaiting_reply') or pending_drafts > 0) stored not null, "resolved_at" timestamptz null, constraint "conversation_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "conversation_inbound_idx" on "conversation" ("workspace_id", "last_activity_at", "id") where "last_inbound_at" is not null;`);
    this.addSql(`create index "conversation_requires_action_idx" on "conversation" ("workspace_id", "last_activity_at", "id") where "requires_action";`);
    this.addSql(`create index "conversation_campaign_idx" on "conversation" ("campaign_id", "last_activity_at", "id");`);
    this.addSql(`create index "conversation_contact_idx" on "conversation" ("contact_id", "last_activity_at", "id");`);
    this.addSql(`create index "conversation_account_idx" on "conversation" ("channel_account_id", "last_activity_at", "id");`);
    this.addSql(`create index "conversation_channel_idx" on "conversation" ("workspace_id", "channel", "last_activity_at", "id");`);
    this.addSql(`create index "conversation_assignee_idx" on "conversation" ("workspace_id", "assignee_id", "last_activity_at", "id");`);
    this.addSql(`create index "conversation_status_idx" on "conversation" ("workspace_id", "status", "archived", "last_activity_at", "id");`);
    this.addSql(`create index "conversation_list_idx" on "conversation" ("workspace_id", "archived", "last_activity_at", "id");`);

    this.addSql(
      `create table "timeline_event" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "conversation_id" uuid not null, "type" text not null, "actor_kind" "author_kind" not null, "actor_id" uuid null, "actor_name" text null, "data" jsonb not null default '{}', constraint "timeline_event_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "timeline_event_conversation_id_created_at_id_index" on "timeline_event" ("conversation_id", "created_at", "id");`);

    this.addSql(
      `create table "read_marker" ("user_id" uuid not null, "conversation_id" uuid not null, "workspace_id" uuid not null, "read_at" timestamptz null, "marked_unread" boolean not null default false, constraint "read_marker_pkey" primary key ("user_id", "conversation_id"));`,
    );

    this.addSql(
      `create table "note" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "conversation_id" uuid not null, "author_id" uuid null, "body" text not null, constraint "note_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "note_conversation_id_created_at_id_index" on "note" ("conversation_id", "created_at", "id");`);

    this.addSql(
      `create table "message" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "conversation_id" uuid not null, "channel_account_id" uuid not null, "direction" "message_direction" not null, "author_kind" "author_kind" not null, "author_id" uuid null, "author_name" text null, "body" text null, "html" text null, "subject" text null, "delivery_status" "delivery_status" not null, "provider_message_id" text null, "intent" text null, "ai_generated" boolean not null default false, "template_id" uuid null, "template_params" jsonb null, "error_code" text null, "error_message" text null, "search_vector" tsvector generated always as (to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(body, ''))) stored not null, constraint "message_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "message_search_idx" on "message" using gin ("search_vector");`);
    this.addSql(`create index "message_conversation_idx" on "message" ("conversation_id", "created_at", "id");`);
    this.addSql(`alter table "message" add constraint "message_provider_id_unique" unique ("channel_account_id", "provider_message_id");`);

    this.addSql(
      `create table "draft" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "conversation_id" uuid not null, "body" text not null, "intent" text null, "risk" "risk_level" not null default 'low', "reason" text null, "status" "draft_status" not null default 'pending', "decided_by_id" uuid null, "decided_at" timestamptz null, "decision_note" text null, "message_id" uuid null, constraint "draft_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "draft_conversation_id_status_index" on "draft" ("conversation_id", "status");`);
    this.addSql(`create index "draft_workspace_id_status_created_at_index" on "draft" ("workspace_id", "status", "created_at");`);

    this.addSql(
      `create table "booking" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "conversation_id" uuid not null, "external_id" text not null, "job_type" text not null, "url" text null, "status" "booking_status" not null default 'active', "cancelled_at" timestamptz null, constraint "booking_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "booking_conversation_id_created_at_index" on "booking" ("conversation_id", "created_at");`);

    this.addSql(
      `create table "autonomy_policy" ("workspace_id" uuid not null, "level" "autonomy_level" not null default 'controlled', "channel_overrides" jsonb not null default '{}', "auto_reply_intents" text[] not null, "high_risk_intents" text[] not null, "updated_at" timestamptz not null default now(), constraint "autonomy_policy_pkey" primary key ("workspace_id"));`,
    );

    this.addSql(
      `create table "attachment" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "message_id" uuid null, "filename" text not null, "content_type" text not null, "size" int not null, "storage_key" text not null, constraint "attachment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "attachment_message_id_index" on "attachment" ("message_id");`);

    this.addSql(
      `create table "api_key" ("id" uuid not null, "created_at" timestamptz not null default now(), "workspace_id" uuid not null, "name" text not null, "prefix" text not null, "key_hash" text not null, "created_by_id" uuid null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);
    this.addSql(`create index "api_key_workspace_id_created_at_index" on "api_key" ("workspace_id", "created_at");`);

    this.addSql(
      `alter table "app_user" add constraint "app_user_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "knowledge_article" add constraint "knowledge_article_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "contact" add constraint "contact_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "contact_identity" add constraint "contact_identity_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "contact_identity" add constraint "contact_identity_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "channel_account" add constraint "channel_account_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "template" add constraint "template_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "template" add constraint "template_channel_account_id_foreign" foreign key ("channel_account_id") references "channel_account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "campaign" add constraint "campaign_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "campaign" add constraint "campaign_channel_account_id_foreign" foreign key ("channel_account_id") references "channel_account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "campaign" add constraint "campaign_template_id_foreign" foreign key ("template_id") references "template" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "conversation" add constraint "conversation_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "conversation" add constraint "conversation_contact_id_foreign" foreign key ("contact_id") references "contact" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "conversation" add constraint "conversation_channel_account_id_foreign" foreign key ("channel_account_id") references "channel_account" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "conversation" add constraint "conversation_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "conversation" add constraint "conversation_campaign_id_foreign" foreign key ("campaign_id") references "campaign" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "timeline_event" add constraint "timeline_event_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "timeline_event" add constraint "timeline_event_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "read_marker" add constraint "read_marker_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "read_marker" add constraint "read_marker_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "read_marker" add constraint "read_marker_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "note" add constraint "note_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "note" add constraint "note_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "note" add constraint "note_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "message" add constraint "message_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "message" add constraint "message_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "message" add constraint "message_channel_account_id_foreign" foreign key ("channel_account_id") references "channel_account" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "draft" add constraint "draft_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "draft" add constraint "draft_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "draft" add constraint "draft_decided_by_id_foreign" foreign key ("decided_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "booking" add constraint "booking_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "booking" add constraint "booking_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "autonomy_policy" add constraint "autonomy_policy_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "attachment" add constraint "attachment_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "attachment" add constraint "attachment_message_id_foreign" foreign key ("message_id") references "message" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "api_key" add constraint "api_key_workspace_id_foreign" foreign key ("workspace_id") references "workspace" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
  }
}
