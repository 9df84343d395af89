import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  type AssistantReport,
  type ConversationVolumeReport,
  type DeliveryReport,
  type DraftReport,
  type DraftStatus,
  type KnowledgeGapView,
  type ReportRange,
} from '@parley/contracts';
import { hasZone, type DateRangeQueryDto } from './report-query.dto';

const DAY_MS = 86_400_000;
/** A per-day series longer than this is a mistake (or an attempt to make the server build one). */
export const MAX_DAILY_RANGE_DAYS = 731;

export interface ResolvedRange {
  timezone: string;
  from: Date;
  to: Date;
}

const rangeError = (field: 'from' | 'to', message: string) => new BadRequestException({ message, details: [{ field, errors: [message] }] });
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const view = (r: ResolvedRange): ReportRange => ({ timezone: r.timezone, from: r.from.toISOString(), to: r.to.toISOString() });

/**
 * The reports' SQL. Every query starts from `workspace_id = ?` and the range on `created_at`, served by an
 * index on (workspace_id[, type], created_at) (see Migration20261121160000), and counts days in the
 * workspace's time zone.
 */
@Injectable()
export class ReportsService {
  constructor(private readonly em: EntityManager) {}

  private execute<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(sql, params as never[]);
  }

  /**
   * `from`/`to` as instants, defaulting to the last 30 days. A date or a date-time without offset is a
   * wall-clock time in the workspace's zone (PostgreSQL converts it with the same rules it buckets by).
   */
  async range(workspaceId: string, q: DateRangeQueryDto, maxDays?: number): Promise<ResolvedRange> {
    const local = (v?: string) => (v && !hasZone(v) ? v : null);
    const [w] = await this.execute<{ timezone: string; from_local: Date | null; to_local: Date | null }>(
      `select timezone, ?::timestamp at time zone timezone as from_local, ?::timestamp at time zone timezone as to_local
         from workspace where id = ?`,
      [local(q.from), local(q.to), workspaceId],
    );
    if (!w) throw new BadRequestException('Unknown workspace');
    const to = q.to ? (w.to_local ? new Date(w.to_local) : new Date(q.to)) : new Date();
    const from = q.from ? (w.from_local ? new Date(w.from_local) : new Date(q.from)) : new Date(to.getTime() - 30 * DAY_MS);
    if (Number.isNaN(from.getTime())) throw rangeError('from', 'from must be a valid date');
    if (Number.isNaN(to.getTime())) throw rangeError('to', 'to must be a valid date');
    if (from >= to) throw rangeError('from', 'from must be before to');
    if (maxDays && to.getTime() - from.getTime() > maxDays * DAY_MS) throw rangeError('from', `from must be at most ${maxDays} days before to`);
    return { timezone: w.timezone, from, to };
  }

  /**
   * Questions the assistant could not answer in the range, grouped by topic, most asked first. A topic an
   * article published since it was last asked now matches (the knowledge search's terms or its title) is
   * covered: left out, the list is what is still to write.
   */
  async knowledgeGaps(workspaceId: string, r: ResolvedRange, limit: number): Promise<{ items: KnowledgeGapView[]; from: string; to: string }> {
    const rows: { topic: string; question: string; count: string; last_asked_at: Date; conversation_ids: string[] }[] = await this.em.getConnection().execute(
      `select * from (
         select topic, (array_agg(question order by created_at desc))[1] as question, count(*) as count, max(created_at) as last_asked_at,
                (array_agg(conversation_id order by created_at desc))[1:25] as conversation_ids
           from knowledge_gap
          where workspace_id = ? and created_at >= ? and created_at < ?
          group by topic) g
        where not exists (
          select 1 from knowledge_article a
           where a.workspace_id = ? and a.published and a.updated_at > g.last_asked_at
             and (a.search_vector @@ replace(plainto_tsquery('english', g.question)::text, '&', '|')::tsquery or similarity(a.title, g.question) > 0.2))
        order by count desc, last_asked_at desc
        limit ?`,
      [workspaceId, r.from, r.to, workspaceId, limit],
    );
    return {
      items: rows.map((row) => ({
        topic: row.topic,
        question: row.question,
        count: Number(row.count),
        lastAskedAt: new Date(row.last_asked_at).toISOString(),
        conversationIds: [...new Set(row.conversation_ids)].slice(0, 5),
      })),
      from: r.from.toISOString(),
      to: r.to.toISOString(),
    };
  }

  /** Conversations created per local day and channel, with every day of the range present. */
  async conversations(workspaceId: string, r: ResolvedRange): Promise<ConversationVolumeReport> {
    const rows = await this.execute<{ date: string; channel: string | null; n: number | null }>(
      `with bounds as (
         select (?::timestamptz at time zone ?)::date as first, ((?::timestamptz - interval '1 microsecond') at time zone ?)::date as last
       ),
       days as (select first + i as day from bounds, generate_series(0, last - first) as i),
       counts as (
         select (created_at at time zone ?)::date as day, channel::text as channel, count(*)::int as n
           from conversation
          where workspace_id = ? and created_at >= ? and created_at < ?
          group by 1, 2
       )
       select to_char(days.day, 'YYYY-MM-DD') as date, counts.channel, counts.n
         from days left join counts on counts.day = days.day
        order by days.day, counts.channel`,
      [r.from, r.timezone, r.to, r.timezone, r.timezone, workspaceId, r.from, r.to],
    );
    const channels = [...new Set(rows.flatMap((row) => (row.channel ? [row.channel] : [])))].sort();
    const zeros = () => Object.fromEntries(channels.map((c) => [c, 0])) as Record<string, number>;
    const totals = { byChannel: zeros(), total: 0 };
    const days = new Map<string, { date: string; byChannel: Record<string, number>; total: number }>();
    for (const row of rows) {
      let day = days.get(row.date);
      if (!day) days.set(row.date, (day = { date: row.date, byChannel: zeros(), total: 0 }));
      if (!row.channel || !row.n) continue;
      day.byChannel[row.channel] = row.n;
      day.total += row.n;
      totals.byChannel[row.channel] += row.n;
      totals.total += row.n;
    }
    return { ...view(r), days: [...days.values()], totals };
  }

  /**
   * Resolutions and escalations in the range; a conversation's resolution is credited to the assistant
   * when its last resolution in the range was the assistant's. The first human response to an escalation
   * is the first outbound operator message after it, found through the conversation's message index.
   */
  async assistant(workspaceId: string, r: ResolvedRange, reasonLimit: number): Promise<AssistantReport> {
    const [row] = await this.execute<{
      conversations: number;
      resolved: number;
      resolved_by_ai: number;
      escalated: number;
      answered: number;
      unanswered: number;
      median_seconds: number | null;
      p90_seconds: number | null;
      reasons: { reason: string | null; count: number }[];
    }>(
      `with resolutions as (
         select distinct on (conversation_id) conversation_id, actor_kind
           from timeline_event
          where workspace_id = ? and type = 'status.changed' and created_at >= ? and created_at < ? and data->>'to' = 'resolved'
          order by conversation_id, created_at desc, id desc
       ),
       escalations as (
         select e.conversation_id, e.data->>'reason' as reason,
                extract(epoch from (
                  select m.created_at from message m
                   where m.conversation_id = e.conversation_id and m.created_at > e.created_at
                     and m.direction = 'outbound' and m.author_kind = 'operator'
                   order by m.created_at limit 1
                ) - e.created_at)::float8 as seconds
           from timeline_event e
          where e.workspace_id = ? and e.type = 'escalated' and e.created_at >= ? and e.created_at < ?
       ),
       reasons as (
         select reason, count(*)::int as count from escalations group by reason order by count(*) desc, reason nulls last limit ?
       )
       select (select count(*)::int from conversation where workspace_id = ? and created_at >= ? and created_at < ?) as conversations,
              (select count(*)::int from resolutions) as resolved,
              (select count(*)::int from resolutions where actor_kind = 'ai') as resolved_by_ai,
              s.escalated, s.answered, s.unanswered, s.median_seconds, s.p90_seconds,
              (select coalesce(json_agg(json_build_object('reason', reason, 'count', count) order by count desc, reason nulls last), '[]'::json) from reasons) as reasons
         from (select count(distinct conversation_id)::int as escalated, count(seconds)::int as answered, (count(*) - count(seconds))::int as unanswered,
                      percentile_cont(0.5) within group (order by seconds) as median_seconds,
                      percentile_cont(0.9) within group (order by seconds) as p90_seconds
                 from escalations) s`,
      [workspaceId, r.from, r.to, workspaceId, r.from, r.to, reasonLimit, workspaceId, r.from, r.to],
    );
    return {
      ...view(r),
      conversations: row.conversations,
      resolved: row.resolved,
      resolvedByAi: row.resolved_by_ai,
      aiResolutionRate: ratio(row.resolved_by_ai, row.resolved),
      escalated: row.escalated,
      escalationRate: ratio(row.escalated, row.conversations),
      escalationReasons: row.reasons,
      firstHumanResponse: { count: row.answered, medianSeconds: row.median_seconds, p90Seconds: row.p90_seconds, unanswered: row.unanswered },
    };
  }

  /**
   * Drafts created in the range by their status now; `edited` looks up each approved draft's
   * `draft.approved` entry through the conversation's timeline index.
   */
  async drafts(workspaceId: string, r: ResolvedRange): Promise<DraftReport> {
    const rows = await this.execute<{ status: DraftStatus; n: number; edited: number }>(
      `select d.status::text as status, count(*)::int as n,
              (count(*) filter (where d.status = 'approved' and exists (
                 select 1 from timeline_event t
                  where t.conversation_id = d.conversation_id and t.created_at >= d.created_at
                    and t.type = 'draft.approved' and t.data->>'draftId' = d.id::text and t.data->'edited' = 'true'::jsonb
              )))::int as edited
         from draft d
        where d.workspace_id = ? and d.created_at >= ? and d.created_at < ?
        group by d.status`,
      [workspaceId, r.from, r.to],
    );
    const count = (s: DraftStatus) => rows.find((row) => row.status === s)?.n ?? 0;
    return {
      ...view(r),
      created: rows.reduce((sum, row) => sum + row.n, 0),
      approved: count('approved'),
      edited: rows.reduce((sum, row) => sum + row.edited, 0),
      rejected: count('rejected'),
      withdrawn: count('withdrawn'),
      pending: count('pending'),
    };
  }

  /** Outbound messages created in the range per channel, and the failed or bounced ones by error code. */
  async delivery(workspaceId: string, r: ResolvedRange): Promise<DeliveryReport> {
    const rows = await this.execute<{ channel: string; failed: boolean; code: string | null; n: number }>(
      `select a.channel::text as channel, s.failed, s.code, sum(s.n)::int as n
         from (select channel_account_id, delivery_status in ('failed', 'bounced') as failed,
                      case when delivery_status in ('failed', 'bounced') then error_code end as code, count(*) as n
                 from message
                where workspace_id = ? and direction = 'outbound' and created_at >= ? and created_at < ?
                group by 1, 2, 3) s
         join channel_account a on a.id = s.channel_account_id
        group by 1, 2, 3`,
      [workspaceId, r.from, r.to],
    );
    const channels = new Map<string, DeliveryReport['byChannel'][number]>();
    for (const row of rows) {
      let c = channels.get(row.channel);
      if (!c) channels.set(row.channel, (c = { channel: row.channel, sent: 0, failed: 0, failureRate: 0, errors: [] }));
      c.sent += row.n;
      if (!row.failed) continue;
      c.failed += row.n;
      c.errors.push({ code: row.code, count: row.n });
    }
    const byChannel = [...channels.values()].map((c) => ({
      ...c,
      failureRate: c.failed / c.sent,
      errors: c.errors.sort((a, b) => b.count - a.count || (a.code ?? '\uffff').localeCompare(b.code ?? '\uffff')),
    }));
    byChannel.sort((a, b) => b.failed - a.failed || a.channel.localeCompare(b.channel));
    return { ...view(r), byChannel };
  }
}
