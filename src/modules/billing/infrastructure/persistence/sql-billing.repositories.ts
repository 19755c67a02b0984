import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { plainQuery } from '@app/persistence';
import { ChargesRepository, ContractRepository, OpeningBalanceRepository, PaymentRepository } from '../../domain/billing.repositories';
import { decimalOf } from '../../domain/billing-decimals';
import { Contract, SubscriberType } from '../../domain/contract.aggregate';
import { OpeningBalance } from '../../domain/opening-balance';
import { Payment } from '../../domain/payment';
import { PeriodCharges } from '../../domain/period-charges';
import { PersonalAccount } from '../../domain/personal-account';

/*
 * Billing's storage as plain SQL in the caller's unit of work, on its transaction's connection. These
 * are the hot path of the back-office inbound worker, one event after another: a statement each for
 * what the ORM did in several, no identity map or change sets to compute. Billing's
 * aggregates raise no domain events, so nothing here bypasses the outbox. The EntitySchemas still
 * describe the tables (migrations) and serve the read side.
 */

interface ContractRow {
  contract_number: string;
  subscriber_type: SubscriberType;
  iin_bin: string;
  name: string;
  address: string;
  heat_meter_installed: boolean;
  accounts: Array<{ accountNumber: string; recipient: string; tariffGroup: string; position: number }>;
}

@Injectable()
export class SqlContractRepository extends ContractRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  /** The contract and its accounts (in their order) in one statement. */
  async find(contractNumber: string): Promise<Contract | null> {
    const [row] = await plainQuery<ContractRow>(
      this.em,
      `select c.contract_number, c.subscriber_type, c.iin_bin, c.name, c.address, c.heat_meter_installed,
              coalesce((select json_agg(json_build_object('accountNumber', a.account_number, 'recipient', a.recipient, 'tariffGroup', a.tariff_group, 'position', a.position)
                                        order by a.position)
                          from personal_account a where a.contract_number = c.contract_number), '[]'::json) as accounts
         from contract c where c.contract_number = $1`,
      [contractNumber],
    );
    if (!row) return null;
    const contract = new Contract();
    contract.contractNumber = row.contract_number;
    contract.subscriberType = row.subscriber_type;
    contract.iinBin = row.iin_bin;
    contract.name = row.name;
    contract.address = row.address;
    contract.heatMeterInstalled = row.heat_meter_installed;
    contract.accounts = row.accounts.map((account) => PersonalAccount.of(row.contract_number, account, account.position));
    return contract;
  }

  async exists(contractNumber: string): Promise<boolean> {
    const rows = await plainQuery<{ found: number }>(this.em, 'select 1 as found from contract where contract_number = $1', [contractNumber]);
    return rows.length > 0;
  }

  async ownersOf(accountNumbers: readonly string[]): Promise<Map<string, string>> {
    if (accountNumbers.length === 0) return new Map();
    const rows = await plainQuery<{ account_number: string; contract_number: string }>(
      this.em,
      'select account_number, contract_number from personal_account where account_number = any($1::text[])',
      [[...accountNumbers]],
    );
    return new Map(rows.map((row) => [row.account_number, row.contract_number]));
  }

  /** The contract row, then its accounts: the ones no longer published go, the others are upserted. */
  async save(contract: Contract): Promise<void> {
    await plainQuery(
      this.em,
      `insert into contract (contract_number, subscriber_type, iin_bin, name, address, heat_meter_installed) values ($1, $2, $3, $4, $5, $6)
       on conflict (contract_number) do update set subscriber_type = excluded.subscriber_type, iin_bin = excluded.iin_bin, name = excluded.name,
         address = excluded.address, heat_meter_installed = excluded.heat_meter_installed`,
      [contract.contractNumber, contract.subscriberType, contract.iinBin, contract.name, contract.address, contract.heatMeterInstalled],
    );
    const accounts = contract.accounts;
    await plainQuery(this.em, 'delete from personal_account where contract_number = $1 and not (account_number = any($2::text[]))', [
      contract.contractNumber,
      accounts.map((account) => account.accountNumber),
    ]);
    await plainQuery(
      this.em,
      `insert into personal_account (account_number, contract_number, recipient, tariff_group, position)
       select a.account_number, $1, a.recipient, a.tariff_group, a.position
         from unnest($2::text[], $3::text[], $4::text[], $5::int[]) as a(account_number, recipient, tariff_group, position)
       on conflict (account_number) do update set recipient = excluded.recipient, tariff_group = excluded.tariff_group, position = excluded.position`,
      [
        contract.contractNumber,
        accounts.map((account) => account.accountNumber),
        accounts.map((account) => account.recipient),
        accounts.map((account) => account.tariffGroup),
        accounts.map((account) => account.position),
      ],
    );
  }
}

@Injectable()
export class SqlChargesRepository extends ChargesRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  /**
   * Delete the period's lines and insert the new ones, both in the caller's transaction. Replacements
   * of one contract's period wait for each other (a lock until the transaction ends): two at once
   * would each delete nothing of the other's and both insert.
   */
  async replace(charges: PeriodCharges): Promise<void> {
    await plainQuery(this.em, 'select pg_advisory_xact_lock(hashtext($1), hashtext($2))', [`charges:${charges.contractNumber}`, charges.period]);
    await plainQuery(this.em, 'delete from charge_line where contract_number = $1 and period = $2', [charges.contractNumber, charges.period]);
    if (charges.lines.length === 0) return;
    const lines = charges.lines;
    const column = <T>(pick: (line: PeriodCharges['lines'][number]) => T): T[] => lines.map(pick);
    await plainQuery(
      this.em,
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

@Injectable()
export class SqlPaymentRepository extends PaymentRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async find(paymentId: string): Promise<Payment | null> {
    const [row] = await plainQuery<{ payment_id: string; contract_number: string; date: string; amount: string; document: string | null }>(
      this.em,
      'select payment_id, contract_number, date, amount, document from payment where payment_id = $1',
      [paymentId],
    );
    if (!row) return null;
    const payment = new Payment();
    payment.paymentId = row.payment_id;
    payment.contractNumber = row.contract_number;
    payment.date = row.date;
    payment.amount = decimalOf('money', row.amount, 'amount');
    payment.document = row.document;
    return payment;
  }

  async save(payment: Payment): Promise<void> {
    await plainQuery(
      this.em,
      `insert into payment (payment_id, contract_number, date, amount, document) values ($1, $2, $3, $4, $5)
       on conflict (payment_id) do update set date = excluded.date, amount = excluded.amount, document = excluded.document`,
      [payment.paymentId, payment.contractNumber, payment.date, payment.amount.toString(), payment.document],
    );
  }
}

@Injectable()
export class SqlOpeningBalanceRepository extends OpeningBalanceRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async find(contractNumber: string): Promise<OpeningBalance | null> {
    const [row] = await plainQuery<{ contract_number: string; date: string; amount: string }>(
      this.em,
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
    await plainQuery(
      this.em,
      'insert into opening_balance (contract_number, date, amount) values ($1, $2, $3) on conflict (contract_number) do update set date = excluded.date, amount = excluded.amount',
      [balance.contractNumber, balance.date, balance.amount.toString()],
    );
  }
}
