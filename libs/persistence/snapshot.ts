/**
 * For adapters that read plain rows and write back only what changed: two snapshots (the fields of an
 * object, in a fixed order, as primitives) are the same when every field is strictly equal.
 */
export function sameSnapshot(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
