import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { FixedDecimal } from '@app/shared-kernel';
import { SCALE } from '../../domain/billing-decimals';
import { Ledger } from '../../domain/ledger';

function money(text: string): FixedDecimal {
  const value = FixedDecimal.parse(text, SCALE.money);
  if (!value) throw new Error(`"${text}" is not an amount of money`);
  return value;
}

/** Reads a contract's opening balance, charge totals per period and payments into its Ledger. */
@Injectable()
export class LedgerQuery {
  constructor(private readonly sql: PlainSql) {}

  async of(contractNumber: string): Promise<Ledger> {
    // One after another: inside a unit of work they share the transaction's connection. Plain SQL
    // (named statements): the reconciliation page and its report read it on every view.
    const openings = await this.sql.query<{ date: string; amount: string }>(
      `select to_char(date, 'YYYY-MM-DD') as date, amount::text as amount from opening_balance where contract_number = $1`,
      [contractNumber],
    );
    const charges = await this.sql.query<{ period: string; amount: string }>(
      `select period, sum(amount)::text as amount from charge_line where contract_number = $1 group by period`,
      [contractNumber],
    );
    const payments = await this.sql.query<{ date: string; amount: string }>(
      `select to_char(date, 'YYYY-MM-DD') as date, amount::text as amount from payment where contract_number = $1`,
      [contractNumber],
    );
    return Ledger.of({
      opening: openings[0] ? { date: openings[0].date, amount: money(openings[0].amount) } : null,
      charges: charges.map((row) => ({ period: row.period, amount: money(row.amount) })),
      payments: payments.map((row) => ({ date: row.date, amount: money(row.amount) })),
    });
  }
}
