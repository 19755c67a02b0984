import { checkedCell, TableCell, TableColumn, TableExport } from './table-export';

const BOM = '\ufeff';
const SEPARATOR = ';';
const LINE_END = '\r\n';

/**
 * The table as CSV the way Excel opens it in Kazakhstan (Windows regional settings ru-KZ / kk-KZ:
 * list separator «;», decimal comma): UTF-8 with a byte-order mark (without it Excel reads the
 * Cyrillic as ANSI), one header line, `;` between cells, CRLF line ends (RFC 4180), decimals with a
 * comma and no thousands separator ("10135,01", "-150,00"), dates as "YYYY-MM-DD" (which Excel
 * recognises as dates in every locale), empty cells where the page shows «-». Cells holding `;`, `"`
 * or a line break are quoted with `"` doubled. A text cell starting with = + - @ (or a tab or CR) is
 * prefixed with an apostrophe, so that Excel never runs a back-office name as a formula.
 */
export function csvOf(table: TableExport): Buffer {
  const lines = [table.columns.map((column) => quoted(column.header)), ...[...table.rows, ...(table.footer ?? [])].map((row) => table.columns.map((column, i) => cellText(row[i] ?? null, column)))];
  return Buffer.from(BOM + lines.map((cells) => cells.join(SEPARATOR)).join(LINE_END) + LINE_END, 'utf8');
}

function cellText(cell: TableCell, column: TableColumn): string {
  const value = checkedCell(cell, column);
  if (value === null) return '';
  if (column.kind === 'decimal') return value.replace('.', ',');
  if (column.kind === 'date') return value;
  return quoted(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

function quoted(text: string): string {
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
