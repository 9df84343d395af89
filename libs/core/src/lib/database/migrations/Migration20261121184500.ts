import { Migration } from '@mikro-orm/migrations';

/** Lexemes a document may hold; above it the document is null (unknown) rather than too big to use. */
const CAP = 20_000;
/** The distinct lexemes of the rows of a group (`l.lexeme`) as a stripped tsvector, or null above the cap. */
const WORDS = `case when count(distinct l.lexeme) <= ${CAP} then array_to_tsvector(array_agg(distinct l.lexeme)) end`;

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
    this.addSql(
      `create table "conversation_search" ("conversation_id" uuid not null, "document" tsvector null, constraint "conversation_search_pkey" primary key ("conversation_id"));`,
    );
    this.addSql(
      `alter table "conversation_search" add constraint "conversation_search_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`,
    );

    // Words of the messages a statement inserted, appended to their conversations' documents. A
    // conversation without a document row yet (a new one, or one loaded with triggers off) gets one
    // built from all its messages, so a document is never missing words. A conflicting insert (two
    // first messages at once) unions the words.
    this.addSql(`create function conversation_search_append() returns trigger language plpgsql as $$
      begin
        update conversation_search s
           set document = case when length(s.document) + length(w.words) <= ${CAP} then s.document || w.words end
          from (select i.conversation_id, ${WORDS} as words
                  from inserted i, unnest(tsvector_to_array(i.search_vector)) as l(lexeme)
                 group by i.conversation_id) w
         where s.conversation_id = w.conversation_id and s.document is not null;
        insert into conversation_search as s (conversation_id, document)
        select m.conversation_id, ${WORDS}
          from message m, unnest(tsvector_to_array(m.search_vector)) as l(lexeme)
         where m.conversation_id in (select i.conversation_id from inserted i
                                      where not exists (select 1 from conversation_search e where e.conversation_id = i.conversation_id))
         group by m.conversation_id
        on conflict (conversation_id) do update
           set document = case when length(s.document) + length(excluded.document) <= ${CAP} then s.document || excluded.document end
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
      select w.conversation_id, w.words
        from (select m.conversation_id, ${WORDS} as words
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
