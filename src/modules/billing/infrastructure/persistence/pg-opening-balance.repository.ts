import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { OpeningBalanceRepository } from '../../domain/billing.repositories';
import { decimalOf } from '../../domain/billing-decimals';
import { OpeningBalance } from '../../domain/opening-balance';

/** Opening balances, as plain SQL in the caller's unit of work (the back office's balance.opened). */
@Injectable()
export class PgOpeningBalanceRepository extends OpeningBalanceRepository {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  async find(contractNumber: string): Promise<OpeningBalance | null> {
    const [row] = await this.sql.query<{ contract_number: string; date: string; amount: string }>(
      'select contract_number, date, amount from opening_balance where contract_number = $1',
      [contractNumber],
    );
    if (!row) return null;
    const balance = new OpeningBalance();
    balance.contractNumber = row.contract_number;
    balance.date = row.date;
    balance.amount = decimalOf('money', row.amount, 'amount');
    return balance;
  }

  async save(balance: OpeningBalance): Promise<void> {
    await this.sql.query(
      'insert into opening_balance (contract_number, date, amount) values ($1, $2, $3) on conflict (contract_number) do update set date = excluded.date, amount = excluded.amount',
      [balance.contractNumber, balance.date, balance.amount.toString()],
    );
  }
}
