import { Migration } from '@mikro-orm/migrations';

/** The entities' generated expressions as of this migration (message.entity.ts, contact.entity.ts). */
const MESSAGE_SEARCH = "parley_search_vector(coalesce(subject, '') || ' ' || coalesce(body, ''))";
const CONTACT_SEARCH =
  "parley_fold(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))";

/**
 * Search that finds what people type (issue 13, §4.4): accents folded (`Garcia` finds "García"), each
 * word a prefix (`leak` finds "leaking") and stemmed (`heaters` finds "heater", `batteries` "battery").
 *
 * - `parley_fold(text)`: lower case without accents (the `unaccent` extension, trusted: no superuser
 *   needed). `unaccent()` is only STABLE (its dictionary could be edited), so index and generated-column
 *   expressions go through this IMMUTABLE wrapper; it names the extension's schema, so a restore that
 *   runs with an empty search_path still finds it.
 * - `parley_search_vector(text)`: a message's words as written (`simple`, folded), plus the English stems
 *   that are not a prefix of their word ("battery" → 'batteri'). A word typed so far is a prefix of the
 *   written word ("leaki" → "leaking"); an inflection typed is found through its stem ("heaters" →
 *   'heater' → "heater", "batteries" → 'batteri' → "battery"); a stem that is a prefix of its word needs no
 *   entry of its own, which keeps the index (and a prefix scan of it) about the size of the words alone.
 * - `parley_search_query(text)`: `q` as a tsquery: every word of it (as the parser splits messages) must
 *   match, as a prefix of a word or of a stem. Built from lexemes, never parsed as tsquery syntax, so no
 *   input is a syntax error.
 *
 * Rewrites `message` (its search column is regenerated: PostgreSQL 15 cannot alter a generated
 * expression) and `contact`, rebuilds their search indexes and every conversation's search document.
 */
export class Migration20261204230000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists unaccent;`);
    // Every name in the bodies is schema-qualified (%1$I: ours, %2$I: the extension's): generated columns
    // are recomputed on restore, where pg_dump runs with an empty search_path.
    this.addSql(`do $do$
      declare
        p text := current_schema();
        u text := (select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'unaccent');
      begin
        execute format($f$create function %1$I.parley_fold(text) returns text language sql immutable strict parallel safe
          as $b$ select lower(%2$I.unaccent(%3$L::regdictionary, $1)) $b$$f$, p, u, format('%I.unaccent', u));
        -- The words as written, plus each English stem that is not a prefix of its word ("battery": 'batteri').
        -- PL/pgSQL, not SQL: it runs on every message insert, and a SQL body with a subquery costs ~5x more.
        execute format($f$create function %1$I.parley_search_vector(text) returns tsvector language plpgsql immutable strict parallel safe
          as $b$
            declare
              w tsvector := to_tsvector('simple'::regconfig, %1$I.parley_fold($1));
              extra text[];
              l text;
              s text;
            begin
              foreach l in array tsvector_to_array(w) loop
                s := (ts_lexize('english_stem'::regdictionary, l))[1];
                if s is not null and not starts_with(l, s) then extra := extra || s; end if;
              end loop;
              return case when extra is null then w else w || array_to_tsvector(extra) end;
            end $b$$f$, p);
        -- A lexeme quoted for tsquery input (quotes doubled, backslashes escaped).
        execute format($f$create function %1$I.parley_quote_lexeme(text) returns text language sql immutable strict parallel safe
          as $b$ select '''' || replace(replace($1, '\\', '\\\\'), '''', '''''') || '''' $b$$f$, p);
        -- Each word of q: a prefix of a word or of a stem. Its stem alone when the stem is a prefix of it
        -- (every word the word prefixes, the stem prefixes too); both otherwise; the word alone for a stop word.
        -- PARALLEL UNSAFE on purpose: a statement that names it is planned without parallel workers. Its
        -- matches are few or its walk stops early; starting workers costs more (10-20 ms on 2 cores) than it saves.
        execute format($f$create function %1$I.parley_search_query(text) returns tsquery language sql immutable strict parallel unsafe
          as $b$ select coalesce(string_agg('(' || case when s is null then %1$I.parley_quote_lexeme(l) || ':*'
                                                        when starts_with(l, s) then %1$I.parley_quote_lexeme(s) || ':*'
                                                        else %1$I.parley_quote_lexeme(l) || ':* | ' || %1$I.parley_quote_lexeme(s) || ':*' end || ')', ' & '), '')::tsquery
                   from unnest(tsvector_to_array(to_tsvector('simple'::regconfig, %1$I.parley_fold($1)))) as l,
                        lateral (select (ts_lexize('english_stem'::regdictionary, l))[1] as s) x $b$$f$, p);
      end $do$;`);

    this.addSql(`drop index if exists "message_search_idx";`);
    this.addSql(
      `alter table "message" drop column "search_vector", add column "search_vector" tsvector generated always as (${MESSAGE_SEARCH}) stored not null;`,
    );
    this.addSql(`create index "message_search_idx" on "message" using gin ("search_vector");`);

    this.addSql(`drop index if exists "contact_search_trgm_idx";`);
    this.addSql(`alter table "contact" drop column "search_text", add column "search_text" text generated always as (${CONTACT_SEARCH}) stored not null;`);
    this.addSql(`create index "contact_search_trgm_idx" on "contact" using gin ("search_text" gin_trgm_ops);`);

    // The documents hold the messages' lexemes: recomputed from the new vectors.
    this.addSql(`select conversation_search_rebuild();`);
    // The new columns have no statistics yet, and `q` picks its strategy from the planner's estimate.
    this.addSql(`analyze "message", "contact", "conversation_search";`);

    // Seed 003's Created / Pending / Replied tabs: the reply state filter, in the list's order (as status).
    this.addSql(`create index "conversation_reply_state_idx" on "conversation" ("workspace_id", "reply_state", "archived", "last_activity_at", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "conversation_reply_state_idx";`);
    this.addSql(`drop index if exists "contact_search_trgm_idx";`);
    this.addSql(
      `alter table "contact" drop column "search_text", add column "search_text" text generated always as (lower(coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'))) stored not null;`,
    );
    this.addSql(`create index "contact_search_trgm_idx" on "contact" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`drop index if exists "message_search_idx";`);
    this.addSql(
      `alter table "message" drop column "search_vector", add column "search_vector" tsvector generated always as (to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(body, ''))) stored not null;`,
    );
    this.addSql(`create index "message_search_idx" on "message" using gin ("search_vector");`);
    this.addSql(`select conversation_search_rebuild();`);
    this.addSql(`drop function if exists parley_search_query(text);`);
    this.addSql(`drop function if exists parley_quote_lexeme(text);`);
    this.addSql(`drop function if exists parley_search_vector(text);`);
    this.addSql(`drop function if exists parley_fold(text);`);
  }
}
