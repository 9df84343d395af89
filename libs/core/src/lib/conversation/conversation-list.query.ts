import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type {
  AssistantState,
  BookingView,
  ConversationCounts,
  ConversationView,
  ConversationListItem,
  ConversationStatus,
  Page,
  ReplyState,
} from '@parley/contracts';
import { CONVERSATION_STATUSES } from '@parley/contracts';
import { decodeCursor, toPage } from '../common/cursor';
import type { Principal } from '../auth/principal';
import { Booking } from '../booking/booking.entity';
import { toBookingView } from '../booking/booking.view';
import { groupBy } from '../common/group-by';
import type { ConversationFilterDto, ConversationGroupBy } from './conversation-query.dto';
import { UNASSIGNED_KEY } from './conversation-count.entity';
import { effectiveAssistantState } from './conversation.view';
import { isCalendarDate, isWallClock, WORKSPACE_ZONE_SQL } from '../common/local-time';

export interface ConversationRow {
  id: string;
  status: ConversationStatus;
  reply_state: ReplyState;
  channel: ConversationListItem['channel'];
  channel_account_id: string;
  last_message_preview: string | null;
  last_activity_at: Date;
  escalation_reason: string | null;
  requires_action: boolean;
  priority: number;
  sla_breached_at: Date | null;
  unread: boolean;
  contact_id: string;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_email: string | null;
  campaign_id: string | null;
  campaign_name: string | null;
  archived: boolean;
  assistant_state: AssistantState;
  contact_ai_paused: boolean;
  contact_blocked: boolean;
  contact_opted_out: boolean;
  delivery_failed: boolean;
  /** Set by the list's page query (json_agg), absent elsewhere. */
  bookings?: PageBooking[] | null;
  /** With `groupBy=contact`: the contact's conversations matching the filters. */
  conversation_count?: string | number | null;
}

/** Per-user unread of conversation `c` with the user's read marker `rm`: a newer inbound than the marker, or explicitly marked unread. */
const unreadSql = (c: string, rm: string) =>
  `(coalesce(${rm}.marked_unread, false) or (${c}.last_inbound_at is not null and (${rm}.read_at is null or ${rm}.read_at < ${c}.last_inbound_at)))`;
export const UNREAD_SQL = unreadSql('c', 'rm');

/**
 * A card's columns but `unread` (conversation `c`, contact `ct`, assignee `u`, campaign `cp`). The
 * delivery failure mark (`delivery_failed`: the newest outbound message failed or bounced) is kept on the
 * conversation by the status write and the outbound write.
 */
const CARD_COLUMNS = `c.id, c.status, c.reply_state, c.channel, c.channel_account_id, c.last_message_preview, c.last_activity_at,
         c.escalation_reason, c.requires_action, c.priority, c.sla_breached_at, c.archived, c.assistant_state,
         c.contact_id, ct.name as contact_name, ct.phone as contact_phone, ct.email as contact_email,
         ct.ai_paused as contact_ai_paused, ct.blocked as contact_blocked, c.channel::text = any(ct.opted_out_channels) as contact_opted_out,
         c.delivery_failed,
         c.assignee_id, u.name as assignee_name, u.email as assignee_email,
         c.campaign_id, cp.name as campaign_name`;

/** The card of a conversation: everything a list item shows, joined for the rows of one page only. */
export const CARD_SELECT = `
  select ${CARD_COLUMNS}, ${UNREAD_SQL} as unread`;

/**
 * A card's bookings, oldest first, in the page's own statement (what bookingsFor returns for the page's
 * ids, without a second query, the ORM's query building and entity hydration).
 */
export const BOOKINGS_JSON = `(select json_agg(json_build_object('id', b.id, 'conversation_id', b.conversation_id, 'external_id', b.external_id,
           'job_type', b.job_type, 'url', b.url, 'status', b.status, 'created_at', b.created_at, 'cancelled_at', b.cancelled_at) order by b.created_at)
      from booking b where b.conversation_id = c.id and b.workspace_id = c.workspace_id)`;

const CARD_RELATIONS = `
    join contact ct on ct.id = c.contact_id
    left join app_user u on u.id = c.assignee_id
    left join campaign cp on cp.id = c.campaign_id`;
const CARD_JOINS = `${CARD_RELATIONS}
    left join read_marker rm on rm.conversation_id = c.id and rm.user_id = ?`;

/**
 * The cards of conversations `ids` (of workspace `workspaceId`) as no user in particular sees them:
 * `unread` as for a user without a read marker, and `unread_for` the users who see it otherwise (their
 * read markers). What the `conversation.*` realtime frames carry (ConversationCards).
 */
export const cardsByIdSql = (count: number) => `
  select ${CARD_COLUMNS}, ${unreadSql('c', 'null_rm')} as unread, ${BOOKINGS_JSON} as bookings,
         (select json_object_agg(rm.user_id, ${UNREAD_SQL}) from read_marker rm
           where rm.conversation_id = c.id and ${UNREAD_SQL} <> ${unreadSql('c', 'null_rm')}) as unread_for
    from conversation c ${CARD_RELATIONS}
    cross join lateral (select null::timestamptz as read_at, null::boolean as marked_unread) null_rm
   where c.workspace_id = ? and c.id in (${Array.from({ length: count }, () => '?').join(', ')})`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
/** Knex expands an array bound to one `?`; explicit placeholders keep each value a parameter. */
const placeholders = (values: unknown[]) => values.map(() => '?').join(', ');

interface Sql {
  sql: string;
  params: unknown[];
}

/**
 * Filters without `q` on conversation alias `c` (read marker `rm`), workspace first, plus whether they
 * read the caller's read marker. The same filters on another alias test a conversation's siblings.
 */
interface Filters {
  where: string[];
  params: unknown[];
  marker: boolean;
  userId: string;
  c: string;
  rm: string;
}

/**
 * `q`: a contact name, email or phone fragment (trigram index), or words of any message (full-text
 * index), accents folded on both sides (parley_fold); each word a prefix of a word or of its stem
 * (parley_search_query, see the search migration).
 */
interface Search {
  q: string;
  workspaceId: string;
  /** Ids of the workspace's contacts matching q. */
  contacts: Sql;
  /** The same test on one contact `s` (a primary-key probe where a hash of every match would be too much). */
  contact: Sql;
  /** Whether q has anything to look for in messages (punctuation alone has not). */
  words: boolean;
}

/** How a conversation is tested for `q` in a statement: against the `hits` CTE, or walked one by one. */
type Match = (alias: string) => Sql;

/** The `q` tsquery, once per statement (an init plan: the planner never guesses from its value). */
const TSQUERY = '(select parley_search_query(?))';

/** `groupBy=contact`: the filters on a conversation's siblings (alias `c2`) and how they are tested for `q`. */
interface Group {
  siblings: Filters;
  match: Match | null;
}

/** One row of a page's key set: what orders it, and (walks) whether it matched and how far the walk got. */
interface PageKey {
  id: string;
  last_activity_at: Date;
  priority: number;
  hit?: boolean;
  n?: string | number;
}

/** A booking as the page query returns it (json_agg: timestamps are JSON strings). */
export interface PageBooking {
  id: string;
  conversation_id: string;
  external_id: string;
  job_type: string;
  url: string | null;
  status: BookingView['status'];
  created_at: string;
  cancelled_at: string | null;
}

/** The view bookingsFor gives, from a page row's bookings. */
export const toPageBooking = (b: PageBooking): BookingView => ({
  id: b.id,
  conversationId: b.conversation_id,
  externalId: b.external_id,
  jobType: b.job_type,
  url: b.url,
  status: b.status,
  createdAt: new Date(b.created_at).toISOString(),
  cancelledAt: b.cancelled_at ? new Date(b.cancelled_at).toISOString() : null,
});

type Keyset = NonNullable<ReturnType<typeof decodeCursor>>;

/**
 * The conversation list and its counts, workspace first in every WHERE, in SQL rather than through the
 * ORM so each filter maps onto the index made for it. A page is found on `conversation` alone (its ids
 * and sort keys, LIMIT applied) and only then joined to contacts, users, campaigns and read markers, so
 * those joins run for the page's rows and never for the rows skipped on the way.
 */
@Injectable()
export class ConversationListQuery {
  /**
   * `q` on message words: above this many matching messages (the planner's estimate for the workspace)
   * a page is found by walking conversations newest first and testing each one's search document
   * (~51/selectivity rows, ~1 µs each, on recent, cached pages); below it, by collecting every match
   * first (one heap fetch per matching message, spread over the whole history). On 1M conversations they
   * cross at about 2,000 (bench/list); words too rare for the statistics get a low estimate and collect.
   * Static so tests can force either path.
   */
  static walkAboveEstimatedMessages = 2_000;
  /**
   * A walk stops after this many conversations (the estimate is global: a word common elsewhere can be
   * rare in this workspace) and the rest of the page is collected: a wrong guess costs a bounded detour.
   */
  static walkLimit = 20_000;
  /**
   * Counts no counter answers (`q`, `unread`, `replyState`, dates…) read at most this many matching
   * conversations (plus one, to know there are more): exact up to it; above it the answer says
   * `capped: true` and each figure is a lower bound (the statuses of the first `countCap` matches found),
   * so such a count costs what a list page of that many rows would, never a count over the workspace.
   */
  static countCap = 1_000;
  /**
   * The cap with `q`. Finding a match costs more there: either the word's whole posting list (every
   * workspace's, ~1 µs an entry for a prefix) before the first match, or a walk of 1/selectivity
   * conversations per match. On 1M conversations (bench/list) a mid-frequency word (~3%) counts to 200 in
   * ~15 ms, to 1,000 in ~40–100 ms.
   */
  static searchCountCap = 200;
  /**
   * A `q` count reads the matching messages themselves (full-text index, one heap fetch each, stopping at
   * the cap) when the planner expects at most this many in the workspace; above it, it walks conversations
   * newest first (as the list does), which meets the cap within cap/selectivity rows. They cross at about
   * 10,000 on 1M conversations (bench/list).
   */
  static countWalkAboveEstimatedMessages = 10_000;

  constructor(private readonly em: EntityManager) {}

  async list(
    principal: Principal,
    filter: ConversationFilterDto & { limit?: number; cursor?: string; groupBy?: ConversationGroupBy },
  ): Promise<Page<ConversationListItem>> {
    const limit = filter.limit ?? 50;
    // Under requiresAction, escalations past their SLA (priority 1) come first; the index leads with priority.
    const ranked = filter.requiresAction === true;
    const keyset = decodeCursor(filter.cursor);
    const filters = this.filters(principal, filter);
    const search = this.search(principal.workspaceId, filter.q);
    // groupBy=contact: the same filters on a conversation's siblings (the contact's other conversations).
    const siblings = filter.groupBy === 'contact' ? this.filters(principal, filter, 'c2', 'rm2') : null;
    const grouping = (match: Match | null): Group | null => (siblings ? { siblings, match } : null);
    let rows: ConversationRow[];
    if (search?.words && (await this.estimatedMessages(search)) > ConversationListQuery.walkAboveEstimatedMessages) {
      const walked = grouping(this.siblingMatch(search));
      rows = await this.page(principal, this.walk(filters, search, keyset, ranked, limit + 1, walked), walked);
      const last = rows[rows.length - 1] as (ConversationRow & PageKey) | undefined;
      const walkedOut = last !== undefined && Number(last.n) === ConversationListQuery.walkLimit;
      rows = rows.filter((r) => (r as ConversationRow & PageKey).hit);
      if (walkedOut && last && rows.length <= limit) {
        const from = { at: new Date(last.last_activity_at).toISOString(), id: last.id, rank: last.priority };
        const collected = grouping(this.siblingMatch(search));
        rows.push(...(await this.page(principal, this.collect(filters, search, from, ranked, limit + 1 - rows.length, collected), collected)));
      }
    } else {
      const group = grouping(search ? this.siblingMatch(search) : null);
      rows = await this.page(
        principal,
        search ? this.collect(filters, search, keyset, ranked, limit + 1, group) : this.plain(filters, keyset, ranked, limit + 1, group),
        group,
      );
    }
    return toPage(
      rows,
      limit,
      (r) => (ranked ? [new Date(r.last_activity_at), r.id, r.priority] : [new Date(r.last_activity_at), r.id]),
      (r) => toListItem(r, (r.bookings ?? []).map(toPageBooking)),
    );
  }

  async counts(principal: Principal, filter: ConversationFilterDto): Promise<ConversationCounts> {
    if (isCounted(filter)) return this.maintainedCounts(principal, filter);
    const filters = this.filters(principal, { ...filter, status: undefined });
    const search = this.search(principal.workspaceId, filter.q);
    const cap = search ? Math.min(ConversationListQuery.searchCountCap, ConversationListQuery.countCap) : ConversationListQuery.countCap;
    const sample = !search
      ? this.matching(filters, null)
      : search.words && (await this.estimatedMessages(search)) > ConversationListQuery.countWalkAboveEstimatedMessages
        ? this.matching(filters, this.walkMatch(search))
        : this.matchingHits(filters, search);
    // The first cap + 1 matches (in whatever order the plan finds them), each conversation counted once.
    const rows: { status: ConversationStatus; n: string | number; sampled: string | number }[] = await this.em.getConnection().execute(
      `with sample as materialized (select x.id, x.status, row_number() over () as k from (${sample.sql} limit ?) x)
       select status, count(distinct id) filter (where k <= ?) as n, (select count(*) from sample) as sampled from sample group by status`,
      [...sample.params, cap + 1, cap],
    );
    const counts = toCounts(rows);
    return Number(rows[0]?.sampled ?? 0) > cap ? { ...counts, capped: true } : counts;
  }

  /**
   * The counters the conversation triggers keep (ConversationCount): a sum over the matching rows, a
   * few hundred at most per workspace, whatever the workspace's size.
   */
  private async maintainedCounts(principal: Principal, f: ConversationFilterDto): Promise<ConversationCounts> {
    const where = ['workspace_id = ?', 'archived = ?'];
    const params: unknown[] = [principal.workspaceId, f.archived ?? false];
    if (f.channel?.length) {
      where.push(`channel in (${placeholders(f.channel)})`);
      params.push(...f.channel);
    }
    if (f.channelAccountId?.length) {
      where.push(`channel_account_id in (${placeholders(f.channelAccountId)})`);
      params.push(...f.channelAccountId);
    }
    if (f.assigneeId?.length) {
      const keys = this.assignees(principal, f.assigneeId).map((a) => (a === 'none' ? UNASSIGNED_KEY : a));
      where.push(`assignee_key in (${placeholders(keys)})`);
      params.push(...keys);
    }
    return toCounts(
      await this.em.getConnection().execute(`select status, sum(n) as n from conversation_count where ${where.join(' and ')} group by status`, params),
    );
  }

  /**
   * One conversation as `GET /conversations/:id` shows it: its card for `principal` (the list's own
   * columns, one statement) with the channel account, priority and creation time; null when it is not
   * the workspace's.
   */
  async detail(principal: Principal, id: string): Promise<Omit<ConversationView, 'messagingWindow' | 'reference'> | null> {
    const [row]: (ConversationRow & { account_name: string; account_plugin: string; created_at: Date })[] = await this.em.getConnection().execute(
      `${CARD_SELECT}, ${BOOKINGS_JSON} as bookings, ca.name as account_name, ca.plugin as account_plugin, c.created_at
         from conversation c ${CARD_JOINS}
         join channel_account ca on ca.id = c.channel_account_id
        where c.workspace_id = ? and c.id = ?`,
      [principal.id, principal.workspaceId, id],
    );
    if (!row) return null;
    return {
      ...toListItem(row, (row.bookings ?? []).map(toPageBooking)),
      channelAccount: { id: row.channel_account_id, name: row.account_name, plugin: row.account_plugin, channel: row.channel },
      priority: row.priority,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  /** Active and cancelled bookings of a page of conversations, in one query. */
  async bookingsFor(conversationIds: string[]): Promise<Map<string, BookingView[]>> {
    if (!conversationIds.length) return new Map();
    const bookings = await this.em.find(Booking, { conversation: { $in: conversationIds } }, { orderBy: { createdAt: 'asc' } });
    return groupBy(bookings, (b) => b.conversation, toBookingView);
  }

  /**
   * The cards of a page whose keys `keys` selects (ids and sort keys, already ordered and limited); when
   * grouped by contact, each with how many of its contact's conversations match (a few index rows each).
   */
  private page(principal: Principal, keys: Sql & { with?: Sql; ranked: boolean }, group: Group | null = null): Promise<ConversationRow[]> {
    const count = group ? this.siblingSql('count(*)', 'c.contact_id', group, null) : null;
    return this.em.getConnection().execute(
      `${keys.with ? `with ${keys.with.sql}` : ''}
       ${CARD_SELECT}, ${BOOKINGS_JSON} as bookings, p.hit, p.n${count ? `, (${count.sql}) as conversation_count` : ''}
         from (${keys.sql}) p
         join conversation c on c.id = p.id ${CARD_JOINS}
        order by ${keys.ranked ? 'p.priority desc, ' : ''}p.last_activity_at desc, p.id desc`,
      [...(keys.with?.params ?? []), ...(count?.params ?? []), ...keys.params, principal.id],
    );
  }

  /** Keys of a page without `q`: the filters' index in sort order, stopped after `limit` rows. */
  private plain(filters: Filters, keyset: Keyset | null, ranked: boolean, limit: number, group: Group | null) {
    const { where, params } = this.after(filters, keyset, ranked);
    const first = group ? this.firstOfContact('c', group, ranked) : null;
    return {
      sql: `select c.id, c.last_activity_at, ${ranked ? 'c.priority' : '0 as priority'}, true as hit, null::bigint as n from conversation c ${this.markerJoin(filters)}
             where ${[...where, ...(first ? [first.sql] : [])].join(' and ')} order by ${this.order(ranked)} limit ?`,
      params: [...params, ...(first?.params ?? []), limit],
      ranked,
    };
  }

  /**
   * Keys of a page of `q` when matches are few (rare words, names, phone fragments): every matching
   * message and contact first (full-text and trigram indexes), then only those conversations are sorted.
   */
  private collect(filters: Filters, search: Search, keyset: Keyset | null, ranked: boolean, limit: number, group: Group | null) {
    const hits = this.hits(search);
    const { where, params } = this.after(filters, keyset, ranked);
    const first = group ? this.firstOfContact('c', group, ranked) : null;
    return {
      with: { sql: `hits as materialized (${hits.sql})`, params: hits.params },
      sql: `select c.id, c.last_activity_at, ${ranked ? 'c.priority' : '0 as priority'}, true as hit, null::bigint as n from conversation c ${this.markerJoin(filters)}
             where ${[...where, 'c.id in (select id from hits)', ...(first ? [first.sql] : [])].join(' and ')} order by ${this.order(ranked)} limit ?`,
      params: [...params, ...(first?.params ?? []), limit],
      ranked,
    };
  }

  /**
   * Keys of a page of `q` when matches are many (common words): conversations in sort order (ids and
   * sort keys only, so the filters' index alone can serve it), each checked against the (hashed,
   * computed once) conversations of matching contacts, then against its search document (every word of
   * its messages, one row; unknown counts as a match), and only when that has the words, for a message
   * that has them all (a `limit 1` probe: unlike EXISTS,
   * the planner cannot turn it into a hash of every match in the table). The tsquery is an init plan,
   * computed once. At most `walkLimit` conversations are walked; the last one walked comes back as a
   * marker (`n` = walkLimit) so that the caller collects the rest of the page after it. Grouped by
   * contact, a match also needs no matching sibling before it.
   */
  private walk(filters: Filters, search: Search, keyset: Keyset | null, ranked: boolean, limit: number, group: Group | null) {
    const { where, params } = this.after(filters, keyset, ranked);
    const hit = this.walkMatch(search)('v');
    // The contact of a hit only (a key lookup), so that the walk itself stays on the index.
    const first = group ? this.firstOfContact('v', group, ranked, '(select cc.contact_id from conversation cc where cc.id = v.id)') : null;
    return {
      sql: `select w.id, w.last_activity_at, w.priority, w.hit, w.n from (
              select v.id, v.last_activity_at, v.priority, row_number() over (order by ${this.order(ranked, 'v')}) as n,
                     ${first ? `(${hit.sql} and ${first.sql})` : hit.sql} as hit
                from (select c.id, c.last_activity_at, ${ranked ? 'c.priority' : '0 as priority'} from conversation c ${this.markerJoin(filters)}
                       where ${where.join(' and ')} order by ${this.order(ranked)} limit ?) v
            ) w where w.hit or w.n = ? order by ${this.order(ranked, 'w')} limit ?`,
      params: [...hit.params, ...(first?.params ?? []), ...params, ConversationListQuery.walkLimit, ConversationListQuery.walkLimit, limit],
      ranked,
    };
  }

  /**
   * `q` on one conversation at a time (the walk): a conversation of a matching contact (hashed, computed
   * once), or one whose search document has the words (unknown counts as yes) and one of whose messages
   * has them all.
   */
  private walkMatch(search: Search): Match {
    return (a) =>
      search.words
        ? {
            sql: `(${a}.id in (select cm.id from conversation cm where cm.contact_id in (${search.contacts.sql}))
                      or (coalesce((select s.document @@ ${TSQUERY} from conversation_search s where s.conversation_id = ${a}.id), true)
                          and coalesce((select true from message m where m.conversation_id = ${a}.id and m.search_vector @@ ${TSQUERY} limit 1), false)))`,
            params: [...search.contacts.params, search.q, search.q],
          }
        : { sql: `${a}.id in (select cm.id from conversation cm where cm.contact_id in (${search.contacts.sql}))`, params: search.contacts.params };
  }

  /**
   * `q` on a contact's other conversations (one or two, usually): the contact and the search document
   * probed by key. Not walkMatch's hash of every matching contact's conversations, whose cost the
   * planner would charge once per sibling probed (and JIT-compile a page for).
   */
  private siblingMatch(search: Search): Match {
    const contact: Match = (a) => ({
      sql: `exists (select 1 from contact s where s.id = ${a}.contact_id and ${search.contact.sql})`,
      params: search.contact.params,
    });
    if (!search.words) return contact;
    return (a) => {
      const c = contact(a);
      return {
        sql: `(${c.sql}
                or (coalesce((select s.document @@ ${TSQUERY} from conversation_search s where s.conversation_id = ${a}.id), true)
                    and coalesce((select true from message m where m.conversation_id = ${a}.id and m.search_vector @@ ${TSQUERY} limit 1), false)))`,
        params: [...c.params, search.q, search.q],
      };
    };
  }

  /**
   * Grouped by contact, a conversation stands for its contact when none of the contact's other
   * conversations comes before it in the list's order under the same filters (the contact index).
   */
  private firstOfContact(outer: string, group: Group, ranked: boolean, contact = `${outer}.contact_id`): Sql {
    const before = ranked
      ? `(c2.priority, c2.last_activity_at, c2.id) > (${outer}.priority, ${outer}.last_activity_at, ${outer}.id)`
      : `(c2.last_activity_at, c2.id) > (${outer}.last_activity_at, ${outer}.id)`;
    const sibling = this.siblingSql('1', contact, group, before);
    return { sql: `not exists (${sibling.sql})`, params: sibling.params };
  }

  /** `select <what>` over the conversations of contact `contact` (an expression) matching the filters and q. */
  private siblingSql(what: string, contact: string, group: Group, extra: string | null): Sql {
    const g = group.siblings;
    const match = group.match?.('c2');
    return {
      sql: `select ${what} from conversation c2 ${this.markerJoin(g)}
             where ${[`c2.contact_id = ${contact}`, ...g.where, ...(extra ? [extra] : []), ...(match ? [match.sql] : [])].join(' and ')}`,
      params: [...(g.marker ? [g.userId] : []), ...g.params, ...(match?.params ?? [])],
    };
  }

  /**
   * Ids of the workspace's conversations whose contact or any message matches q (contacts are the
   * workspace's own; their conversations come from the contact index alone, and every caller keeps
   * `c.workspace_id = ?` on the conversations it reads).
   */
  private hits(search: Search): Sql {
    const contacts = { sql: `select c2.id from conversation c2 where c2.contact_id in (${search.contacts.sql})`, params: search.contacts.params };
    if (!search.words) return contacts;
    return {
      sql: `select m.conversation_id as id from message m where m.workspace_id = ? and m.search_vector @@ parley_search_query(?)
            union all
            ${contacts.sql}`,
      params: [search.workspaceId, search.q, ...contacts.params],
    };
  }

  /**
   * Ids and statuses of the conversations matching the filters (and `match`), for a capped count: in the
   * list's order, as its pages walk them (recent conversations are where unread ones and common words
   * concentrate; a scan in storage order would start with the oldest).
   */
  private matching(filters: Filters, match: Match | null): Sql {
    const m = match?.('c');
    return {
      sql: `select c.id, c.status from conversation c ${this.markerJoin(filters)} where ${[...filters.where, ...(m ? [m.sql] : [])].join(' and ')} order by ${this.order(false)}`,
      params: [...(filters.marker ? [filters.userId] : []), ...filters.params, ...(m?.params ?? [])],
    };
  }

  /**
   * Ids and statuses of the conversations matching the filters and q, driven by the matches: each
   * matching message (and conversation of a matching contact) looks up its conversation by primary
   * key, so a capped count stops after about cap matches whatever the word's frequency. A conversation
   * may come once per matching message: the count keeps it once.
   */
  private matchingHits(filters: Filters, search: Search): Sql {
    const hits = this.hits(search);
    return {
      sql: `select c.id, c.status from (${hits.sql}) h join conversation c on c.id = h.id ${this.markerJoin(filters)} where ${filters.where.join(' and ')}`,
      params: [...hits.params, ...(filters.marker ? [filters.userId] : []), ...filters.params],
    };
  }

  /** The planner's estimate of the workspace's messages matching q (statistics only: nothing is read). */
  private async estimatedMessages(search: Search): Promise<number> {
    const [row]: { 'QUERY PLAN': unknown }[] = await this.em
      .getConnection()
      .execute(`explain (format json) select 1 from message m where m.workspace_id = ? and m.search_vector @@ parley_search_query(?)`, [
        search.workspaceId,
        search.q,
      ]);
    const plan = row?.['QUERY PLAN'];
    const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as [{ Plan: { 'Plan Rows': number } }] | undefined;
    return parsed?.[0]?.Plan?.['Plan Rows'] ?? 0;
  }

  private order(ranked: boolean, alias = 'c'): string {
    return `${ranked ? `${alias}.priority desc, ` : ''}${alias}.last_activity_at desc, ${alias}.id desc`;
  }

  private markerJoin(filters: Filters): string {
    const { c, rm } = filters;
    return filters.marker ? `left join read_marker ${rm} on ${rm}.conversation_id = ${c}.id and ${rm}.user_id = ?` : '';
  }

  /** The filters plus the keyset condition (rows after the cursor), with the read-marker join's user first. */
  private after(filters: Filters, keyset: Keyset | null, ranked: boolean): { where: string[]; params: unknown[] } {
    const where = [...filters.where];
    const params = [...(filters.marker ? [filters.userId] : []), ...filters.params];
    if (keyset && ranked) {
      where.push('(c.priority, c.last_activity_at, c.id) < (?, ?, ?)');
      params.push(keyset.rank ?? 0, keyset.at, keyset.id);
    } else if (keyset) {
      where.push('(c.last_activity_at, c.id) < (?, ?)');
      params.push(keyset.at, keyset.id);
    }
    return { where, params };
  }

  /** The filters on conversation alias `c` (its read marker `rm`). */
  private filters(principal: Principal, f: ConversationFilterDto, c = 'c', rm = 'rm'): Filters {
    const where = [`${c}.workspace_id = ?`];
    const params: unknown[] = [principal.workspaceId];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    add(`${c}.archived = ?`, f.archived ?? false);
    if (f.status?.length) add(`${c}.status in (${placeholders(f.status)})`, ...f.status);
    if (f.replyState?.length) add(`${c}.reply_state in (${placeholders(f.replyState)})`, ...f.replyState);
    if (f.channel?.length) add(`${c}.channel in (${placeholders(f.channel)})`, ...f.channel);
    if (f.channelAccountId?.length) add(`${c}.channel_account_id in (${placeholders(f.channelAccountId)})`, ...f.channelAccountId);
    if (f.contactId) add(`${c}.contact_id = ?`, f.contactId);
    if (f.campaignId) add(`${c}.campaign_id = ?`, f.campaignId);
    if (f.from) add(...lastActivityBound(c, 'from', f.from, principal.workspaceId));
    if (f.to) add(...lastActivityBound(c, 'to', f.to, principal.workspaceId));
    if (f.requiresAction !== undefined) add(f.requiresAction ? `${c}.requires_action` : `not ${c}.requires_action`);
    if (f.assigneeId?.length) {
      const ids = this.assignees(principal, f.assigneeId);
      const users = ids.filter((a) => a !== 'none');
      const parts = [...(users.length ? [`${c}.assignee_id in (${placeholders(users)})`] : []), ...(ids.includes('none') ? [`${c}.assignee_id is null`] : [])];
      add(`(${parts.join(' or ')})`, ...users);
    }
    if (f.unread !== undefined) add(f.unread ? unreadSql(c, rm) : `not ${unreadSql(c, rm)}`);
    return { where, params, marker: f.unread !== undefined, userId: principal.id, c, rm };
  }

  /** `q` as a search, or null when absent or blank. */
  private search(workspaceId: string, raw: string | undefined): Search | null {
    const q = raw?.trim();
    if (!q) return null;
    // Folded (lower case, no accents) in SQL, as the contacts' search text is: the planner folds the constant.
    const text = `%${escapeLike(q)}%`;
    const digits = q.replace(/\D/g, '');
    const both = digits.length >= 3 && digits !== q;
    const contact = {
      sql: both ? '(s.search_text like parley_fold(?) or s.search_text like ?)' : 's.search_text like parley_fold(?)',
      params: [text, ...(both ? [`%${digits}%`] : [])],
    };
    return {
      q,
      workspaceId,
      words: /[\p{L}\p{N}]/u.test(q),
      contacts: { sql: `select s.id from contact s where s.workspace_id = ? and ${contact.sql}`, params: [workspaceId, ...contact.params] },
      contact,
    };
  }

  /** The assigneeId filter with `me` resolved to the caller (user ids and `none` as given). */
  private assignees(principal: Principal, assigneeIds: string[]): string[] {
    return assigneeIds.map((a) => (a === 'me' ? this.meOrFail(principal) : a));
  }

  private meOrFail(principal: Principal): string {
    if (principal.kind !== 'user') {
      throw new BadRequestException({
        message: 'assigneeId=me needs a signed-in user, not an API key',
        details: [{ field: 'assigneeId', errors: ['me is not available to API keys'] }],
      });
    }
    return principal.id;
  }
}

/**
 * `from` (inclusive) and `to` (inclusive) on last activity. A calendar date is that whole day in the
 * workspace's time zone (`to=2026-12-04` runs to local midnight after it); a date-time without a zone
 * is that wall-clock time there; an instant with `Z` or an offset is taken as it is.
 */
function lastActivityBound(c: string, side: 'from' | 'to', value: string, workspaceId: string): [string, ...unknown[]] {
  if (isCalendarDate(value)) {
    return side === 'from'
      ? [`${c}.last_activity_at >= (?::date::timestamp at time zone ${WORKSPACE_ZONE_SQL})`, value, workspaceId]
      : [`${c}.last_activity_at < ((?::date + 1)::timestamp at time zone ${WORKSPACE_ZONE_SQL})`, value, workspaceId];
  }
  if (isWallClock(value))
    return [`${c}.last_activity_at ${side === 'from' ? '>=' : '<='} (?::timestamp at time zone ${WORKSPACE_ZONE_SQL})`, value, workspaceId];
  return [`${c}.last_activity_at ${side === 'from' ? '>=' : '<='} ?`, new Date(value)];
}

/** Filters the maintained counters can answer; the status is ignored by counts. */
const COUNTED_FILTERS = new Set(['archived', 'status', 'channel', 'channelAccountId', 'assigneeId']);

/** Whether only counted filters are set, so the counters answer instead of a count over conversations. */
function isCounted(f: ConversationFilterDto): boolean {
  return Object.entries(f).every(([key, v]) => COUNTED_FILTERS.has(key) || v === undefined || (Array.isArray(v) && v.length === 0));
}

function toCounts(rows: { status: ConversationStatus; n: string | number }[]): ConversationCounts {
  const counts = Object.fromEntries(CONVERSATION_STATUSES.map((s) => [s, 0])) as Record<ConversationStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export function toListItem(r: ConversationRow, bookings: BookingView[]): ConversationListItem {
  return {
    id: r.id,
    status: r.status,
    contact: { id: r.contact_id, name: r.contact_name, phone: r.contact_phone, email: r.contact_email },
    channel: r.channel,
    channelAccountId: r.channel_account_id,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '', email: r.assignee_email ?? '' } : null,
    lastMessagePreview: r.last_message_preview,
    lastActivityAt: new Date(r.last_activity_at).toISOString(),
    unread: r.unread,
    requiresAction: r.requires_action,
    assistantState: effectiveAssistantState(
      { status: r.status, assistantState: r.assistant_state },
      { aiPaused: r.contact_ai_paused, blocked: r.contact_blocked, optedOut: r.contact_opted_out },
    ),
    archived: r.archived,
    deliveryFailed: r.delivery_failed,
    escalationReason: r.escalation_reason,
    slaBreachedAt: r.sla_breached_at && r.priority > 0 ? new Date(r.sla_breached_at).toISOString() : null,
    bookings,
    campaign: r.campaign_id ? { id: r.campaign_id, name: r.campaign_name ?? '' } : null,
    replyState: r.reply_state,
    ...(r.conversation_count != null ? { conversationCount: Number(r.conversation_count) } : {}),
  };
}
