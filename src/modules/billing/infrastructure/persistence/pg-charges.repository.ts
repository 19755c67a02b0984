import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { ChargesRepository } from '../../domain/billing.repositories';
import { PeriodCharges } from '../../domain/period-charges';

/** A contract's charges of a period, as plain SQL in the caller's unit of work (the back office's charges.published). */
@Injectable()
export class PgChargesRepository extends ChargesRepository {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  /**
   * Delete the period's lines and insert the new ones, both in the caller's transaction. Replacements
   * of one contract's period wait for each other (a lock until the transaction ends): two at once
   * would each delete nothing of the other's and both insert.
   */
  async replace(charges: PeriodCharges): Promise<void> {
    await this.sql.query('select pg_advisory_xact_lock(hashtext($1), hashtext($2))', [`charges:${charges.contractNumber}`, charges.period]);
    await this.sql.query('delete from charge_line where contract_number = $1 and period = $2', [charges.contractNumber, charges.period]);
    if (charges.lines.length === 0) return;
    const lines = charges.lines;
    const column = <T>(pick: (line: PeriodCharges['lines'][number]) => T): T[] => lines.map(pick);
    await this.sql.query(
      `insert into charge_line (contract_number, period, account_number, service, recipient, tariff_group, volume, tariff, vat_rate, amount, position)
       select $1, $2, l.account_number, l.service, l.recipient, l.tariff_group, l.volume, l.tariff, l.vat_rate, l.amount, l.position
         from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::int[])
           as l(account_number, service, recipient, tariff_group, volume, tariff, vat_rate, amount, position)`,
      [
        charges.contractNumber,
        charges.period,
        column((line) => line.accountNumber),
        column((line) => line.service),
        column((line) => line.recipient),
        column((line) => line.tariffGroup),
        column((line) => line.volume.toString()),
        column((line) => line.tariff.toString()),
        column((line) => line.vatRate.toString()),
        column((line) => line.amount.toString()),
        column((line) => line.position),
      ],
    );
  }
}
