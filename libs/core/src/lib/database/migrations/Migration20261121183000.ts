import { Migration } from '@mikro-orm/migrations';

/** Who a counter row is for when nobody is assigned (a key column cannot be null). */
const UNASSIGNED = `'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * The conversation counters also keyed by channel, channel account and assignee, so that the counts of
 * those filters (the inbox's "SMS", "Mine", "Unassigned" tabs) are sums of a few rows too. Only the rows
 * of unassigned conversations are sharded: they are the ones every new inbound conversation writes.
 */
export class Migration20261121183000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop trigger if exists conversation_count_update on conversation;`);
    this.addSql(`drop trigger if exists conversation_count_delete on conversation;`);
    this.addSql(`drop trigger if exists conversation_count_insert on conversation;`);
    this.addSql(`drop function if exists conversation_count_apply();`);
    this.addSql(`drop table if exists "conversation_count" cascade;`);

    this.addSql(`create table "conversation_count" ("workspace_id" uuid not null, "channel" "channel_kind" not null, "channel_account_id" uuid not null,
      "assignee_key" uuid not null, "status" "conversation_status" not null, "archived" boolean not null, "shard" smallint not null, "n" bigint not null default 0,
      constraint "conversation_count_pkey" primary key ("workspace_id", "archived", "channel", "channel_account_id", "assignee_key", "status", "shard"));`);

    this.addSql(`create function conversation_count_add(c conversation, delta int) returns void language sql as $$
      insert into conversation_count (workspace_id, channel, channel_account_id, assignee_key, status, archived, shard, n)
      values (c.workspace_id, c.channel, c.channel_account_id, coalesce(c.assignee_id, ${UNASSIGNED}), c.status, c.archived,
              case when c.assignee_id is null then floor(random() * 16)::smallint else 0 end, delta)
      on conflict (workspace_id, archived, channel, channel_account_id, assignee_key, status, shard) do update set n = conversation_count.n + excluded.n;
    $$;`);
    this.addSql(`create function conversation_count_apply() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then perform conversation_count_add(old, -1); end if;
        if tg_op in ('INSERT', 'UPDATE') then perform conversation_count_add(new, 1); end if;
        return null;
      end $$;`);
    this.addSql(`create trigger conversation_count_insert after insert on conversation for each row execute function conversation_count_apply();`);
    this.addSql(`create trigger conversation_count_delete after delete on conversation for each row execute function conversation_count_apply();`);
    // Only when a counted column changes (ingest rewrites archived = false on every inbound message).
    this
      .addSql(`create trigger conversation_count_update after update of status, archived, assignee_id, channel_account_id, channel on conversation for each row
      when ((old.status, old.archived, old.assignee_id, old.channel_account_id, old.channel) is distinct from (new.status, new.archived, new.assignee_id, new.channel_account_id, new.channel))
      execute function conversation_count_apply();`);

    // Recounts from scratch: the backfill below, and bulk loads that bypass triggers (the list benchmark).
    this.addSql(`create function conversation_count_rebuild() returns void language sql as $$
      delete from conversation_count;
      insert into conversation_count (workspace_id, channel, channel_account_id, assignee_key, status, archived, shard, n)
      select workspace_id, channel, channel_account_id, coalesce(assignee_id, ${UNASSIGNED}), status, archived, 0, count(*)
        from conversation group by 1, 2, 3, 4, 5, 6;
    $$;`);
    this.addSql(`select conversation_count_rebuild();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists conversation_count_update on conversation;`);
    this.addSql(`drop trigger if exists conversation_count_delete on conversation;`);
    this.addSql(`drop trigger if exists conversation_count_insert on conversation;`);
    this.addSql(`drop function if exists conversation_count_apply();`);
    this.addSql(`drop function if exists conversation_count_add(conversation, int);`);
    this.addSql(`drop function if exists conversation_count_rebuild();`);
    this.addSql(`drop table if exists "conversation_count" cascade;`);
  }
}
