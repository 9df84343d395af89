import { BadRequestException } from '@nestjs/common';

/** Opaque keyset cursor: the sort key of the last item of a page. */
export interface Keyset {
  at: string;
  id: string;
  /** A leading sort key some lists use (the SLA priority under requiresAction). */
  rank?: number;
}

export function encodeCursor(at: Date, id: string, rank?: number): string {
  return Buffer.from(JSON.stringify(rank === undefined ? [at.toISOString(), id] : [at.toISOString(), id, rank])).toString('base64url');
}

/** What `encodeCursor` writes: `toISOString()` of a real date (year 0000 and ±years are not), a UUID, a smallint. */
const ISO_INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isRank = (rank: unknown) => Number.isInteger(rank) && Math.abs(rank as number) <= 32_767;

/**
 * The keyset of a cursor this API returned, or a 400 `invalid cursor`. Checked as strictly as it is
 * written, so a crafted one never reaches the database as a value it cannot compare (a 500).
 */
export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const [at, id, rank] = Array.isArray(parsed) ? parsed : [];
  const valid =
    Array.isArray(parsed) &&
    (parsed.length === 2 || (parsed.length === 3 && isRank(rank))) &&
    typeof at === 'string' &&
    ISO_INSTANT.test(at) &&
    !Number.isNaN(Date.parse(at)) &&
    new Date(at).toISOString() === at &&
    typeof id === 'string' &&
    UUID.test(id);
  if (!valid)
    throw new BadRequestException({ message: 'invalid cursor: not a cursor returned by this API', details: [{ field: 'cursor', errors: ['invalid cursor'] }] });
  return { at, id, ...(rank !== undefined ? { rank } : {}) };
}

/** Builds `{items, nextCursor}` from a page fetched with limit + 1 rows. */
export function toPage<T, R>(rows: T[], limit: number, key: (row: T) => [Date, string] | [Date, string, number], map: (row: T) => R) {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  const [at, id, rank] = hasMore && last ? key(last) : [];
  return { items: items.map(map), nextCursor: at && id ? encodeCursor(at, id, rank) : null };
}

/** ORM condition for rows after the cursor in (createdAt, id) order: ascending lists (messages, notes, timeline). */
export function afterCursor(cursor: string | undefined): Record<string, unknown> {
  const k = decodeCursor(cursor);
  return k ? { $or: [{ createdAt: { $gt: new Date(k.at) } }, { createdAt: new Date(k.at), id: { $gt: k.id } }] } : {};
}

/** ORM condition for rows before the cursor in (createdAt, id) order: newest-first lists. */
export function beforeCursor(cursor: string | undefined): Record<string, unknown> {
  const k = decodeCursor(cursor);
  return k ? { $or: [{ createdAt: { $lt: new Date(k.at) } }, { createdAt: new Date(k.at), id: { $lt: k.id } }] } : {};
}

/** A thread-like list (messages, timeline) in either direction: its cursor condition and ORM order. */
export function threadOrder(cursor: string | undefined, order: 'asc' | 'desc' = 'asc') {
  return order === 'desc'
    ? { where: beforeCursor(cursor), orderBy: { createdAt: 'desc', id: 'desc' } as const }
    : { where: afterCursor(cursor), orderBy: { createdAt: 'asc', id: 'asc' } as const };
}
