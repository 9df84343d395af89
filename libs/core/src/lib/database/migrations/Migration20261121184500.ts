import { Migration } from '@mikro-orm/migrations';

/**
 * Each conversation's search document: every word of its messages in one stripped tsvector, so that
 * the list's `q` walk tests one row per conversation instead of probing each of its messages. Its own
 * table: conversation rows stay narrow (the list's other scans) and appending words rewrites only this
 * row. A document is a superset of the conversation's words, or null (or missing) when unknown: a
 * message was edited, or the document outgrew its cap. Unknown means "probe the messages": never
 * wrong, only slower.
 */
export class Migration20261121184500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "conversation_search" ("conversation_id" uuid not null, "document" tsvector null, constraint "conversation_search_pkey" primary key ("conversation_id"));`);
    this.addSql(`alter table "conversation_search" add constraint "conversation_search_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`);

    // Words of the messages a statement inserted, per conversation, appended to their documents.
    this.addSql(`create function conversation_search_append() returns trigger language plpgsql as $$
      begin
        insert into conversation_search as s (conversation_id, document)
        select i.conversation_id, array_to_tsvector(array_agg(distinct l.lexeme))
          from inserted i, unnest(tsvector_to_array(i.search_vector)) as l(lexeme)
         group by i.conversation_id
        on conflict (conversation_id) do update
           set document = case when length(s.document) + length(excluded.document) <= 20000 then s.document || excluded.document end
         where s.document is not null;
        return null;
      end $$;`);
    this.addSql(`create trigger message_search_append after insert on message referencing new table as inserted
      for each statement execute function conversation_search_append();`);
    // An edited or moved message may take words away: the document no longer knows, so it is dropped.
    this.addSql(`create function conversation_search_forget() returns trigger language plpgsql as $$
      begin
        update conversation_search set document = null where conversation_id in (old.conversation_id, new.conversation_id) and document is not null;
        return null;
      end $$;`);
    this.addSql(`create trigger message_search_forget after update of body, subject, conversation_id on message for each row
      when ((old.body, old.subject, old.conversation_id) is distinct from (new.body, new.subject, new.conversation_id))
      execute function conversation_search_forget();`);

    // Recomputes every document: the backfill below, and bulk loads that bypass triggers.
    this.addSql(`create function conversation_search_rebuild() returns void language sql as $$
      truncate conversation_search;
      insert into conversation_search (conversation_id, document)
      select w.conversation_id, case when length(w.words) <= 20000 then w.words end
        from (select m.conversation_id, array_to_tsvector(array_agg(distinct l.lexeme)) as words
                from message m, unnest(tsvector_to_array(m.search_vector)) as l(lexeme)
               group by m.conversation_id) w;
    $$;`);
    this.addSql(`select conversation_search_rebuild();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists message_search_forget on message;`);
    this.addSql(`drop trigger if exists message_search_append on message;`);
    this.addSql(`drop function if exists conversation_search_forget();`);
    this.addSql(`drop function if exists conversation_search_append();`);
    this.addSql(`drop function if exists conversation_search_rebuild();`);
    this.addSql(`drop table if exists "conversation_search" cascade;`);
  }
}
