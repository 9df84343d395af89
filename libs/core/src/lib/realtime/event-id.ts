/** Realtime event ids are Redis stream ids, `<ms>-<seq>`: ordered first by time, then by sequence. */
export const isEventId = (id: unknown): id is string => typeof id === 'string' && /^\d{1,20}-\d{1,20}$/.test(id);

export function compareEventIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}
