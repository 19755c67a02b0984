import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { FixedDecimal } from '@app/shared-kernel';
import { SCALE } from '../../domain/billing-decimals';
import { Service } from '../../domain/charge-line';

export interface BreakdownLine {
  accountNumber: string;
  recipient: string;
  tariffGroup: string;
  service: Service;
  volume: FixedDecimal;
  tariff: FixedDecimal;
  vatRate: FixedDecimal;
  amount: FixedDecimal;
}

interface LineRow {
  account_number: string;
  recipient: string;
  tariff_group: string;
  service: Service;
  volume: string;
  tariff: string;
  vat_rate: string;
  amount: string;
}

function exact(text: string, scale: number): FixedDecimal {
  const value = FixedDecimal.parse(text, scale);
  if (!value) throw new Error(`"${text}" is not a decimal of scale ${scale}`);
  return value;
}

/**
 * A contract's charge lines of one period, in the order of its accounts, water («в») before sewerage
 * («к»). Plain SQL (named statements): every breakdown page and report reads them.
 */
@Injectable()
export class ChargesBreakdownQuery {
  constructor(private readonly sql: PlainSql) {}

  async linesOf(contractNumber: string, period: string): Promise<BreakdownLine[]> {
    const rows = await this.sql.query<LineRow>(
      `select l.account_number, l.recipient, l.tariff_group, l.service, l.volume::text as volume, l.tariff::text as tariff,
              l.vat_rate::text as vat_rate, l.amount::text as amount
         from charge_line l left join personal_account a on a.account_number = l.account_number
        where l.contract_number = $1 and l.period = $2
        order by coalesce(a.position, 2147483647), l.account_number, case l.service when 'water' then 0 else 1 end`,
      [contractNumber, period],
    );
    return rows.map((row) => ({
      accountNumber: row.account_number,
      recipient: row.recipient,
      tariffGroup: row.tariff_group,
      service: row.service,
      volume: exact(row.volume, SCALE.volume),
      tariff: exact(row.tariff, SCALE.tariff),
      vatRate: exact(row.vat_rate, SCALE.vatRate),
      amount: exact(row.amount, SCALE.money),
    }));
  }

  /** The first year with charges, or null. */
  async firstYearOf(contractNumber: string): Promise<number | null> {
    const rows = await this.sql.query<{ period: string | null }>(`select min(period) as period from charge_line where contract_number = $1`, [contractNumber]);
    return rows[0]?.period ? Number(rows[0].period.slice(0, 4)) : null;
  }
}
