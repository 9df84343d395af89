import { Migration } from '@mikro-orm/migrations';

/**
 * Each conversation's search document: every word of its messages in one stripped tsvector, so that
 * the list's `q` walk tests one row per conversation instead of probing each of its messages. A
 * document is a superset of the conversation's words, or null when unknown (a message was edited, or
 * the document outgrew its cap): null means "probe the messages", so it is never wrong, only slower.
 */
export class Migration20261121184500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "conversation" add column "search_document" tsvector null default ''::tsvector;`);

    // Words of the messages a statement inserted, per conversation, appended to their documents.
    this.addSql(`create function conversation_search_append() returns trigger language plpgsql as $$
      begin
        update conversation c
           set search_document = case when length(c.search_document) + length(w.words) <= 20000 then c.search_document || w.words end
          from (select i.conversation_id, array_to_tsvector(array_agg(distinct l.lexeme)) as words
                  from inserted i, unnest(tsvector_to_array(i.search_vector)) as l(lexeme)
                 group by i.conversation_id) w
         where c.id = w.conversation_id and c.search_document is not null;
        return null;
      end $$;`);
    this.addSql(`create trigger message_search_append after insert on message referencing new table as inserted
      for each statement execute function conversation_search_append();`);
    // An edited or moved message may take words away: the document no longer knows, so it is dropped.
    this.addSql(`create function conversation_search_forget() returns trigger language plpgsql as $$
      begin
        update conversation set search_document = null where id in (old.conversation_id, new.conversation_id) and search_document is not null;
        return null;
      end $$;`);
    this.addSql(`create trigger message_search_forget after update of body, subject, conversation_id on message for each row
      when ((old.body, old.subject, old.conversation_id) is distinct from (new.body, new.subject, new.conversation_id))
      execute function conversation_search_forget();`);

    // Recomputes every document: the backfill below, and bulk loads that bypass triggers.
    this.addSql(`create function conversation_search_rebuild() returns void language sql as $$
      update conversation c
         set search_document = case when length(w.words) <= 20000 then w.words end
        from (select m.conversation_id, array_to_tsvector(array_agg(distinct l.lexeme)) as words
                from message m, unnest(tsvector_to_array(m.search_vector)) as l(lexeme)
               group by m.conversation_id) w
       where c.id = w.conversation_id;
    $$;`);
    this.addSql(`select conversation_search_rebuild();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists message_search_forget on message;`);
    this.addSql(`drop trigger if exists message_search_append on message;`);
    this.addSql(`drop function if exists conversation_search_forget();`);
    this.addSql(`drop function if exists conversation_search_append();`);
    this.addSql(`drop function if exists conversation_search_rebuild();`);
    this.addSql(`alter table "conversation" drop column if exists "search_document";`);
  }
}
