import type { Response } from 'express';
import { csvOf } from './csv-table';
import { TABLE_MEDIA_TYPES, TableExport, TableFormat } from './table-export';
import { xlsxOf } from './xlsx-table';

/** Answers with the table as a file to download, `<filename>.csv` or `.xlsx`. */
export async function sendTable(res: Response, table: TableExport, format: TableFormat): Promise<void> {
  const content = format === 'csv' ? csvOf(table) : await xlsxOf(table);
  res.setHeader('Content-Type', TABLE_MEDIA_TYPES[format]);
  res.setHeader('Content-Disposition', `attachment; filename="${table.filename.replace(/[^\w.-]/g, '_')}.${format}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Length', String(content.length));
  res.end(content);
}
