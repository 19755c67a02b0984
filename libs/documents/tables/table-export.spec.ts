import { readXlsx } from '../../../test/helpers/downloads';
import { csvOf } from './csv-table';
import { TableExport, tableFormatOf } from './table-export';
import { xlsxOf } from './xlsx-table';

const table: TableExport = {
  filename: 'charges-2666-2026-10',
  sheet: 'Расшифровка',
  title: ['Расшифровка начислений за Октябрь 2026', 'Договор: №2666 Плательщик: ТОО «Водоканал-Демо Сервис»'],
  columns: [
    { header: '№', kind: 'decimal' },
    { header: 'Получатель', kind: 'text' },
    { header: 'Дата', kind: 'date' },
    { header: 'М. куб', kind: 'decimal', scale: 3 },
    { header: 'Сумма, тг', kind: 'decimal', scale: 2 },
  ],
  rows: [
    ['1', 'ТОО «Склад; №1»', '2026-10-24', '15.310', '3499.00'],
    ['2', 'Say "hi"\nthere', null, '0.100', '-150.00'],
    ['3', '=HYPERLINK("http://x")', '2026-02-28', null, '0.07'],
  ],
  footer: [[null, 'Итого', null, null, '3349.07']],
};

describe('a downloaded table', () => {
  describe('as CSV, as Excel opens it in Kazakhstan', () => {
    const bytes = csvOf(table);
    const text = bytes.toString('utf8');

    it('starts with the UTF-8 byte-order mark and ends each line with CRLF', () => {
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(text.endsWith('\r\n')).toBe(true);
    });

    it('separates cells with «;» and writes decimals with a comma, dates as YYYY-MM-DD, missing values empty', () => {
      const lines = text.slice(1).split('\r\n');
      expect(lines[0]).toBe('№;Получатель;Дата;М. куб;Сумма, тг');
      expect(lines[1]).toBe('1;"ТОО «Склад; №1»";2026-10-24;15,310;3499,00');
      expect(lines[2]).toBe('2;"Say ""hi""\nthere";;0,100;-150,00');
      expect(lines[4]).toBe(';Итого;;;3349,07');
      expect(lines).toHaveLength(6);
    });

    it('never lets a text cell become a formula', () => {
      expect(text).toContain(`3;"'=HYPERLINK(""http://x"")";2026-02-28;;0,07`);
    });

    it('refuses a figure that is not an exact decimal (a float would have slipped in)', () => {
      expect(() => csvOf({ ...table, rows: [['1', 'x', null, '1e-7', '0.1']] })).toThrow('not an exact decimal');
      expect(() => csvOf({ ...table, rows: [['1', 'x', '24.10.2026', null, null]] })).toThrow('not a date');
    });
  });

  describe('as XLSX, read back with exceljs', () => {
    let sheet: import('exceljs').Worksheet;

    beforeAll(async () => {
      const workbook = await readXlsx(await xlsxOf({ ...table, createdAt: new Date('2026-11-20T06:00:00Z') }));
      sheet = workbook.getWorksheet('Расшифровка')!;
    });

    it('has the title lines, a blank line, then the header', () => {
      expect(sheet.getCell('A1').value).toBe('Расшифровка начислений за Октябрь 2026');
      expect(sheet.getCell('A2').value).toBe('Договор: №2666 Плательщик: ТОО «Водоканал-Демо Сервис»');
      expect(sheet.getRow(3).cellCount).toBe(0);
      expect(sheet.getRow(4).values).toEqual([undefined, '№', 'Получатель', 'Дата', 'М. куб', 'Сумма, тг']);
      expect(sheet.getRow(4).font?.bold).toBe(true);
    });

    it('holds numbers as numeric cells with the column’s format, dates as dates, text as text', () => {
      expect(sheet.getCell('A5').value).toBe(1);
      expect(sheet.getCell('A5').numFmt).toBeUndefined();
      expect(sheet.getCell('B5').value).toBe('ТОО «Склад; №1»');
      expect(sheet.getCell('C5').value).toEqual(new Date(Date.UTC(2026, 9, 24)));
      expect(sheet.getCell('C5').numFmt).toBe('dd.mm.yyyy');
      expect(sheet.getCell('D5').value).toBe(15.31);
      expect(sheet.getCell('D5').numFmt).toBe('#,##0.000');
      expect(sheet.getCell('E5').value).toBe(3499);
      expect(sheet.getCell('E5').numFmt).toBe('#,##0.00');
      expect(sheet.getCell('E6').value).toBe(-150);
      expect(sheet.getCell('C6').value).toBeNull();
      // A text cell that looks like a formula stays text.
      expect(sheet.getCell('B7').value).toBe('=HYPERLINK("http://x")');
      expect(sheet.getCell('B7').formula).toBeUndefined();
    });

    it('ends with the footer in bold, its figure the exact decimal as a number', () => {
      expect(sheet.getRow(8).values).toEqual([undefined, undefined, 'Итого', undefined, undefined, 3349.07]);
      expect(sheet.getRow(8).font?.bold).toBe(true);
      expect(sheet.rowCount).toBe(8);
    });
  });

  it('is asked for by ?format= first, else by the Accept header; an unknown format is refused with its code', () => {
    expect(tableFormatOf('csv', 'application/json')).toBe('csv');
    expect(tableFormatOf('xlsx')).toBe('xlsx');
    expect(tableFormatOf(undefined, 'text/csv')).toBe('csv');
    expect(tableFormatOf(undefined, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('xlsx');
    expect(tableFormatOf(undefined, 'application/json')).toBeUndefined();
    expect(tableFormatOf('json', 'text/csv')).toBeUndefined();
    expect(() => tableFormatOf('pdf')).toThrow(expect.objectContaining({ code: 'DOCUMENTS.UNSUPPORTED_FORMAT' }));
  });
});
