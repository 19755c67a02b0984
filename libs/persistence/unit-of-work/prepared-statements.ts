/** A plain-SQL statement as node-postgres runs it (`client.query(statement)`). */
export interface PreparedStatement {
  name?: string;
  text: string;
  values: unknown[];
}

/** Names of the prepared statements, by their SQL text (at most PREPARED_LIMIT texts; others run unnamed). */
const preparedNames = new Map<string, string>();
const PREPARED_LIMIT = 500;

/**
 * The statement named after its text, so that each connection parses and plans it once and afterwards
 * only binds and executes it: the same texts run on every request of a hot path (README, "Hot paths").
 * The texts are the adapters' constants and the statements they build per row count, so the names stay
 * few; past PREPARED_LIMIT texts a statement runs unnamed rather than grow every connection's cache.
 */
export function preparedStatement(text: string, values: unknown[]): PreparedStatement {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < PREPARED_LIMIT) {
    name = `plain_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
  }
  return { name, text, values };
}

/**
 * `($n, …)`: the parameters of one row of `count` values whose first is number `at + 1`, for plain-SQL
 * statements with several rows (`insert … values (…), (…)`) or a fixed list of columns.
 */
export function placeholders(at: number, count: number): string {
  return `(${Array.from({ length: count }, (_, i) => `$${at + i + 1}`).join(', ')})`;
}

/** `($1, …), ($n, …)`: the parameters of `rows` rows of `columns` values each, one row after another. */
export function rowPlaceholders(rows: number, columns: number): string {
  return Array.from({ length: rows }, (_, row) => placeholders(row * columns, columns)).join(', ');
}
