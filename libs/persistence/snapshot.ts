/**
 * For adapters that read plain rows and write back only what changed: the values an object is stored
 * with (in a fixed order), as primitives to compare later: dates by their time, everything else as is.
 */
export function snapshotOf(values: readonly unknown[]): unknown[] {
  return values.map((value) => (value instanceof Date ? value.getTime() : value));
}

/** Two snapshots (snapshotOf) are the same when every value is strictly equal. */
export function sameSnapshot(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
