import { Workbook } from 'exceljs';
import type { Test } from 'supertest';

/** A downloaded XLSX, read back with exceljs (its `load` is typed for its own Buffer interface). */
export async function readXlsx(bytes: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

/** supertest's parser for a body kept as bytes whatever its type: `.buffer(true).parse(bytes)`. */
export const bytes = ((res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}) as unknown as Parameters<Test['parse']>[0];
