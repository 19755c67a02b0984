import { DocumentErrors } from '../documents.errors';

/**
 * A table a subscriber downloads (CSV or XLSX): the same figures as the page, cell by cell. Numbers
 * are exact decimal strings ("10135.01"), never floats; each writer turns them into its own cells.
 */
export type CellKind = 'text' | 'decimal' | 'date';

export interface TableColumn {
  header: string;
  kind: CellKind;
  /** A decimal column's fraction digits (its XLSX number format); none: Excel's General format. */
  scale?: number;
  /** Width in characters in the XLSX (default: fitted to the header and cells). */
  width?: number;
}

/** A cell: text, an exact decimal string ("-150.00"), a date "YYYY-MM-DD", or null (empty). */
export type TableCell = string | null;

export interface TableExport {
  /** The file's name without its extension (ASCII: it goes into Content-Disposition as it is). */
  filename: string;
  /** The XLSX sheet's name (at most 31 characters). */
  sheet: string;
  /** Lines above the table in the XLSX: what it is and whose (a CSV carries the table alone). */
  title: string[];
  columns: TableColumn[];
  rows: TableCell[][];
  /** Rows after the body, such as «Итого» (bold in the XLSX). */
  footer?: TableCell[][];
  /** When it was made (the XLSX's document properties). */
  createdAt?: Date;
}

export type TableFormat = 'csv' | 'xlsx';

export const TABLE_MEDIA_TYPES: Readonly<Record<TableFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Refuses a cell its column cannot hold exactly (a programming error: the figures come from our own models). */
export function checkedCell(cell: TableCell, column: TableColumn): TableCell {
  if (cell === null) return null;
  if (column.kind === 'decimal' && !DECIMAL.test(cell)) throw new Error(`"${cell}" is not an exact decimal for column «${column.header}»`);
  if (column.kind === 'date' && !DATE.test(cell)) throw new Error(`"${cell}" is not a date YYYY-MM-DD for column «${column.header}»`);
  return cell;
}

/**
 * The format a request asks for: `?format=csv|xlsx` first, else its Accept header (text/csv, or the
 * XLSX media type); undefined when it asks for neither (`format=json` or `html`: the page or JSON).
 * Any other `format` is refused (DOCUMENTS.UNSUPPORTED_FORMAT).
 */
export function tableFormatOf(format: unknown, accept?: string): TableFormat | undefined {
  if (format !== undefined && format !== '') {
    if (format === 'csv' || format === 'xlsx') return format;
    if (format === 'json' || format === 'html') return undefined;
    throw DocumentErrors.unsupportedFormat(String(format).slice(0, 20));
  }
  const types = (accept ?? '').toLowerCase();
  if (types.includes('text/csv')) return 'csv';
  if (types.includes(TABLE_MEDIA_TYPES.xlsx)) return 'xlsx';
  return undefined;
}
