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

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  try {
    const [at, id, rank] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, number | undefined];
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new Error('shape');
    if (rank !== undefined && !Number.isInteger(rank)) throw new Error('shape');
    return { at, id, ...(rank !== undefined ? { rank } : {}) };
  } catch {
    throw new BadRequestException({ message: 'cursor is not a cursor returned by this API', details: [{ field: 'cursor', errors: ['invalid cursor'] }] });
  }
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
