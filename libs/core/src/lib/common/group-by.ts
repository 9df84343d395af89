/** Groups items by key in one pass (Map.groupBy arrives with Node 21; this runs on 20). */
export function groupBy<T, K, V = T>(items: Iterable<T>, key: (item: T) => K, value: (item: T) => V = (item) => item as unknown as V): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(value(item));
    else groups.set(k, [value(item)]);
  }
  return groups;
}
