import { FixedDecimal } from '@app/shared-kernel';
import { addMonths, lastDayOf, periodsBetween, previousPeriod } from './billing-period';
import { Ledger, LedgerEntries } from './ledger';

const tenge = (text: string) => FixedDecimal.parse(text, 2)!;

/** The demo contract 2666 (docs/demo-data.md): 1250.40 owed on 2026-08-01, October unpaid. */
function demoLedger(overrides: Partial<LedgerEntries> = {}): Ledger {
  return Ledger.of({
    opening: { date: '2026-08-01', amount: tenge('1250.40') },
    charges: [
      { period: '2019-11', amount: tenge('0') },
      { period: '2026-08', amount: tenge('9804.32') },
      { period: '2026-09', amount: tenge('9790.35') },
      { period: '2026-10', amount: tenge('10135.01') },
    ],
    payments: [
      { date: '2026-08-15', amount: tenge('1250.40') },
      { date: '2026-09-12', amount: tenge('9804.32') },
      { date: '2026-10-10', amount: tenge('9790.35') },
    ],
    ...overrides,
  });
}

describe('Ledger', () => {
  it('owes exactly what is charged and not paid since the opening balance', () => {
    expect(demoLedger().currentBalance().toString()).toBe('10135.01');
  });

  it('reports the last period: opening, charges, payments and closing', () => {
    const ledger = demoLedger();
    expect(ledger.lastChargedPeriod()).toBe('2026-10');
    const october = ledger.month('2026-10');
    expect([october.opening, october.charges, october.payments, october.closing].map(String)).toEqual(['9790.35', '10135.01', '9790.35', '10135.01']);
  });

  it('keeps every tiyn where binary floating point would not', () => {
    const ledger = Ledger.of({
      opening: null,
      charges: [
        { period: '2026-01', amount: tenge('0.10') },
        { period: '2026-02', amount: tenge('0.20') },
      ],
      payments: [{ date: '2026-02-10', amount: tenge('0.30') }],
    });
    expect(0.1 + 0.2 - 0.3).not.toBe(0);
    expect(ledger.currentBalance().toString()).toBe('0.00');
    expect(ledger.currentBalance().isZero()).toBe(true);
  });

  it('tells an overpayment by a negative balance', () => {
    const ledger = Ledger.of({
      opening: { date: '2026-08-01', amount: tenge('-150.00') },
      charges: [
        { period: '2026-08', amount: tenge('978.10') },
        { period: '2026-09', amount: tenge('919.88') },
        { period: '2026-10', amount: tenge('1043.31') },
      ],
      payments: [
        { date: '2026-09-10', amount: tenge('1000.00') },
        { date: '2026-10-09', amount: tenge('1000.00') },
      ],
    });
    expect(ledger.month('2026-08').opening.toString()).toBe('-150.00');
    expect(ledger.month('2026-08').closing.toString()).toBe('828.10');
    expect(ledger.month('2026-09').closing.toString()).toBe('747.98');
    expect(ledger.currentBalance().toString()).toBe('791.29');
    expect(Ledger.of({ opening: null, charges: [], payments: [{ date: '2026-01-01', amount: tenge('5') }] }).currentBalance().isNegative()).toBe(true);
  });

  it('ignores what the opening balance already holds: earlier payments and periods ended before it', () => {
    const ledger = demoLedger({ payments: [{ date: '2026-07-31', amount: tenge('500.00') }] });
    expect(ledger.currentBalance().toString()).toBe(tenge('1250.40').plus(tenge('9804.32')).plus(tenge('9790.35')).plus(tenge('10135.01')).toString());
    const midMonth = Ledger.of({
      opening: { date: '2026-08-15', amount: tenge('100.00') },
      charges: [
        { period: '2026-07', amount: tenge('40.00') },
        { period: '2026-08', amount: tenge('60.00') },
      ],
      payments: [
        { date: '2026-08-10', amount: tenge('7.00') },
        { date: '2026-08-20', amount: tenge('30.00') },
      ],
    });
    const august = midMonth.month('2026-08');
    expect([august.opening, august.charges, august.payments, august.closing].map(String)).toEqual(['100.00', '60.00', '30.00', '130.00']);
  });

  it('draws a statement month by month whose closing follows from its opening and totals', () => {
    const statement = demoLedger().statement('2026-08', '2026-11');
    expect(statement.clipped).toBe(false);
    expect(statement.months.map((month) => [month.period, String(month.opening), String(month.charges), String(month.payments), String(month.closing)])).toEqual([
      ['2026-08', '1250.40', '9804.32', '1250.40', '9804.32'],
      ['2026-09', '9804.32', '9790.35', '9804.32', '9790.35'],
      ['2026-10', '9790.35', '10135.01', '9790.35', '10135.01'],
      ['2026-11', '10135.01', '0.00', '0.00', '10135.01'],
    ]);
    expect([statement.opening, statement.charges, statement.payments, statement.closing].map(String)).toEqual(['1250.40', '29729.68', '20845.07', '10135.01']);
  });

  it('starts a statement at the opening balance when asked for earlier months', () => {
    const statement = demoLedger().statement('2026-01', '2026-08');
    expect([statement.from, statement.clipped, statement.months.length, String(statement.opening)]).toEqual(['2026-08', true, 1, '1250.40']);
    expect(demoLedger().statement('2019-01', '2019-12').months).toEqual([]);
  });
});

describe('billing periods', () => {
  it('opens on the previous month in Kazakhstan time', () => {
    expect(previousPeriod(new Date('2026-11-25T10:00:00Z'))).toBe('2026-10');
    expect(previousPeriod(new Date('2026-01-10T10:00:00Z'))).toBe('2025-12');
    // 2026-11-30 20:00 UTC is already 1 December in Kazakhstan (UTC+5).
    expect(previousPeriod(new Date('2026-11-30T20:00:00Z'))).toBe('2026-11');
  });

  it('counts months across years and knows their last days', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(periodsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
    expect(lastDayOf('2026-02')).toBe('2026-02-28');
  });
});
