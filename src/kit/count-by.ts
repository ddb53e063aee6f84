/**
 * How many items share each key, in the order keys are first seen; items whose key is null or
 * undefined are not counted. The batch erasers use it to give each subject its own count from one
 * statement's `returning` rows.
 */
export function countBy<T, K>(
  items: Iterable<T>,
  key: (item: T) => K | null | undefined,
): Map<K, number> {
  const counted = new Map<K, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== null && k !== undefined) counted.set(k, (counted.get(k) ?? 0) + 1);
  }
  return counted;
}
