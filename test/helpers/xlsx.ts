import { Workbook } from 'exceljs';

/** A downloaded XLSX, read back with exceljs (its `load` is typed for its own Buffer interface). */
export async function readXlsx(bytes: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}
