import { Migration } from '@mikro-orm/migrations';

export class Migration20261121172829 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "conversation_count" ("workspace_id" uuid not null, "status" "conversation_status" not null, "archived" boolean not null, "shard" smallint not null, "n" bigint not null default 0, constraint "conversation_count_pkey" primary key ("workspace_id", "status", "archived", "shard"));`,
    );

    // Each conversation change adds or removes one on a random shard. The UPDATE trigger only runs when
    // status or archived actually change (ingest rewrites archived = false on every inbound message).
    this.addSql(`create function conversation_count_apply() returns trigger language plpgsql as $$
      declare picked smallint := floor(random() * 16)::smallint;
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          insert into conversation_count (workspace_id, status, archived, shard, n) values (old.workspace_id, old.status, old.archived, picked, -1)
          on conflict (workspace_id, status, archived, shard) do update set n = conversation_count.n - 1;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into conversation_count (workspace_id, status, archived, shard, n) values (new.workspace_id, new.status, new.archived, picked, 1)
          on conflict (workspace_id, status, archived, shard) do update set n = conversation_count.n + 1;
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger conversation_count_insert after insert on conversation for each row execute function conversation_count_apply();`);
    this.addSql(`create trigger conversation_count_delete after delete on conversation for each row execute function conversation_count_apply();`);
    this.addSql(`create trigger conversation_count_update after update of status, archived on conversation for each row
      when (old.status is distinct from new.status or old.archived is distinct from new.archived) execute function conversation_count_apply();`);
    this.addSql(`insert into conversation_count (workspace_id, status, archived, shard, n)
      select workspace_id, status, archived, 0, count(*) from conversation group by workspace_id, status, archived;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists conversation_count_update on conversation;`);
    this.addSql(`drop trigger if exists conversation_count_delete on conversation;`);
    this.addSql(`drop trigger if exists conversation_count_insert on conversation;`);
    this.addSql(`drop function if exists conversation_count_apply();`);
    this.addSql(`drop table if exists "conversation_count" cascade;`);
  }
}
