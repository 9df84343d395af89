import { BadRequestException, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { BookingView, ConversationCounts, ConversationListItem, ConversationStatus, Page } from '@parley/contracts';
import { CONVERSATION_STATUSES } from '@parley/contracts';
import { decodeCursor, toPage } from '../common/cursor';
import type { Principal } from '../auth/principal';
import { Booking } from '../booking/booking.entity';
import { toBookingView } from '../booking/booking.view';
import { groupBy } from '../common/group-by';
import type { ConversationFilterDto } from './conversation-query.dto';

export interface ConversationRow {
  id: string;
  status: ConversationStatus;
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
}

/** Per-user unread: a newer inbound than the user's read marker, or explicitly marked unread. */
export const UNREAD_SQL =
  '(coalesce(rm.marked_unread, false) or (c.last_inbound_at is not null and (rm.read_at is null or rm.read_at < c.last_inbound_at)))';

export const CARD_SELECT = `
  select c.id, c.status, c.channel, c.channel_account_id, c.last_message_preview, c.last_activity_at,
         c.escalation_reason, c.requires_action, c.priority, c.sla_breached_at, ${UNREAD_SQL} as unread,
         c.contact_id, ct.name as contact_name, ct.phone as contact_phone, ct.email as contact_email,
         c.assignee_id, u.name as assignee_name, u.email as assignee_email,
         c.campaign_id, cp.name as campaign_name
    from conversation c
    join contact ct on ct.id = c.contact_id
    left join app_user u on u.id = c.assignee_id
    left join campaign cp on cp.id = c.campaign_id
    left join read_marker rm on rm.conversation_id = c.id and rm.user_id = ?`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
/** Knex expands an array bound to one `?`; explicit placeholders keep each value a parameter. */
const placeholders = (values: unknown[]) => values.map(() => '?').join(', ');

/**
 * The conversation list and its counts, as one SQL statement each, workspace first in every WHERE.
 * Written in SQL rather than through the ORM so each filter maps onto the index made for it.
 */
@Injectable()
export class ConversationListQuery {
  constructor(private readonly em: EntityManager) {}

  async list(principal: Principal, filter: ConversationFilterDto & { limit?: number; cursor?: string }): Promise<Page<ConversationListItem>> {
    const limit = filter.limit ?? 50;
    const { where, params } = this.where(principal, filter);
    // Under requiresAction, escalations past their SLA (priority 1) come first; the index leads with priority.
    const ranked = filter.requiresAction === true;
    const keyset = decodeCursor(filter.cursor);
    if (keyset && ranked) {
      where.push('(c.priority, c.last_activity_at, c.id) < (?, ?, ?)');
      params.push(keyset.rank ?? 0, keyset.at, keyset.id);
    } else if (keyset) {
      where.push('(c.last_activity_at, c.id) < (?, ?)');
      params.push(keyset.at, keyset.id);
    }
    const rows: ConversationRow[] = await this.em.getConnection().execute(
      `${CARD_SELECT} where ${where.join(' and ')} order by ${ranked ? 'c.priority desc, ' : ''}c.last_activity_at desc, c.id desc limit ?`,
      [principal.id, ...params, limit + 1],
    );
    const bookings = await this.bookingsFor(rows.slice(0, limit).map((r) => r.id));
    return toPage(
      rows,
      limit,
      (r) => (ranked ? [new Date(r.last_activity_at), r.id, r.priority] : [new Date(r.last_activity_at), r.id]),
      (r) => toListItem(r, bookings.get(r.id) ?? []),
    );
  }

  async counts(principal: Principal, filter: ConversationFilterDto): Promise<ConversationCounts> {
    const { where, params } = this.where(principal, { ...filter, status: undefined });
    const needsMarker = filter.unread !== undefined;
    const rows: { status: ConversationStatus; n: string }[] = await this.em.getConnection().execute(
      `select c.status, count(*) as n from conversation c
         ${needsMarker ? 'left join read_marker rm on rm.conversation_id = c.id and rm.user_id = ?' : ''}
        where ${where.join(' and ')} group by c.status`,
      needsMarker ? [principal.id, ...params] : params,
    );
    const counts = Object.fromEntries(CONVERSATION_STATUSES.map((s) => [s, 0])) as ConversationCounts;
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /** Active and cancelled bookings of a page of conversations, in one query. */
  async bookingsFor(conversationIds: string[]): Promise<Map<string, BookingView[]>> {
    if (!conversationIds.length) return new Map();
    const bookings = await this.em.find(Booking, { conversation: { $in: conversationIds } }, { orderBy: { createdAt: 'asc' } });
    return groupBy(bookings, (b) => b.conversation, toBookingView);
  }

  private where(principal: Principal, f: ConversationFilterDto): { where: string[]; params: unknown[] } {
    const where = ['c.workspace_id = ?'];
    const params: unknown[] = [principal.workspaceId];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    add('c.archived = ?', f.archived ?? false);
    if (f.status?.length) add(`c.status in (${placeholders(f.status)})`, ...f.status);
    if (f.channel?.length) add(`c.channel in (${placeholders(f.channel)})`, ...f.channel);
    if (f.channelAccountId?.length) add(`c.channel_account_id in (${placeholders(f.channelAccountId)})`, ...f.channelAccountId);
    if (f.contactId) add('c.contact_id = ?', f.contactId);
    if (f.campaignId) add('c.campaign_id = ?', f.campaignId);
    if (f.from) add('c.last_activity_at >= ?', new Date(f.from));
    if (f.to) add('c.last_activity_at <= ?', new Date(f.to));
    if (f.requiresAction !== undefined) add(f.requiresAction ? 'c.requires_action' : 'not c.requires_action');
    if (f.assigneeId?.length) {
      const ids = f.assigneeId.map((a) => (a === 'me' ? this.meOrFail(principal) : a));
      const users = ids.filter((a) => a !== 'none');
      const parts = [...(users.length ? [`c.assignee_id in (${placeholders(users)})`] : []), ...(ids.includes('none') ? ['c.assignee_id is null'] : [])];
      add(`(${parts.join(' or ')})`, ...users);
    }
    if (f.unread !== undefined) {
      add(f.unread ? UNREAD_SQL : `not ${UNREAD_SQL}`);
    }
    const q = f.q?.trim();
    if (q) this.search(q, principal.workspaceId, add);
    return { where, params };
  }

  /** `q`: contact name/email/phone (trigram index) or any message's words (full-text index). */
  private search(q: string, workspaceId: string, add: (sql: string, ...values: unknown[]) => void): void {
    const text = `%${escapeLike(q.toLowerCase())}%`;
    const digits = q.replace(/\D/g, '');
    const contactMatch = digits.length >= 3 && digits !== q ? '(s.search_text like ? or s.search_text like ?)' : 's.search_text like ?';
    const contactParams = digits.length >= 3 && digits !== q ? [text, `%${digits}%`] : [text];
    add(
      `(c.contact_id in (select s.id from contact s where s.workspace_id = ? and ${contactMatch})
        or c.id in (select m.conversation_id from message m where m.workspace_id = ? and m.search_vector @@ plainto_tsquery('simple', ?)))`,
      workspaceId,
      ...contactParams,
      workspaceId,
      q,
    );
  }

  private meOrFail(principal: Principal): string {
    if (principal.kind !== 'user') {
      throw new BadRequestException({ message: 'assigneeId=me needs a signed-in user, not an API key', details: [{ field: 'assigneeId', errors: ['me is not available to API keys'] }] });
    }
    return principal.id;
  }
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
    escalationReason: r.escalation_reason,
    slaBreachedAt: r.sla_breached_at && r.priority > 0 ? new Date(r.sla_breached_at).toISOString() : null,
    bookings,
    campaign: r.campaign_id ? { id: r.campaign_id, name: r.campaign_name ?? '' } : null,
  };
}
