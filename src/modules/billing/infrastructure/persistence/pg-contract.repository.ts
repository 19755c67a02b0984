import { Injectable } from '@nestjs/common';
import { PlainSql, UnitOfWork } from '@app/persistence';
import { ContractRepository } from '../../domain/billing.repositories';
import { Contract, SubscriberType } from '../../domain/contract.aggregate';
import { PersonalAccount } from '../../domain/personal-account';

interface ContractRow {
  contract_number: string;
  subscriber_type: SubscriberType;
  iin_bin: string;
  name: string;
  address: string;
  heat_meter_installed: boolean;
  accounts: Array<{ accountNumber: string; recipient: string; tariffGroup: string; position: number }>;
}

/**
 * Contracts and their personal accounts as plain SQL in the caller's unit of work: the hot path of the
 * back-office inbound worker, one event after another, a statement each for what the ORM did in
 * several, with no identity map or change sets to compute. The EntitySchemas still describe the tables
 * (migrations) and serve the read side. A contract loaded or saved is tracked by the unit of work, which
 * writes the events it raises to the outbox.
 */
@Injectable()
export class PgContractRepository extends ContractRepository {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  /** The contract and its accounts (in their order) in one statement. */
  async find(contractNumber: string): Promise<Contract | null> {
    const [row] = await this.sql.query<ContractRow>(
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
    return UnitOfWork.current().track(contract);
  }

  async exists(contractNumber: string): Promise<boolean> {
    const rows = await this.sql.query<{ found: number }>('select 1 as found from contract where contract_number = $1', [contractNumber]);
    return rows.length > 0;
  }

  async ownersOf(accountNumbers: readonly string[]): Promise<Map<string, string>> {
    if (accountNumbers.length === 0) return new Map();
    const rows = await this.sql.query<{ account_number: string; contract_number: string }>(
      'select account_number, contract_number from personal_account where account_number = any($1::text[])',
      [[...accountNumbers]],
    );
    return new Map(rows.map((row) => [row.account_number, row.contract_number]));
  }

  /**
   * The contract row, then its accounts: the ones no longer published go, the others are upserted. An
   * account is only ever updated for the contract that holds it (the conditional DO UPDATE): one that
   * another contract holds, e.g. inserted by a concurrent transaction after our check (the insert waits
   * for it to commit), is left alone and answered with its owner, for the caller to refuse.
   */
  async save(contract: Contract): Promise<Map<string, string>> {
    UnitOfWork.current().track(contract);
    await this.sql.query(
      `insert into contract (contract_number, subscriber_type, iin_bin, name, address, heat_meter_installed) values ($1, $2, $3, $4, $5, $6)
       on conflict (contract_number) do update set subscriber_type = excluded.subscriber_type, iin_bin = excluded.iin_bin, name = excluded.name,
         address = excluded.address, heat_meter_installed = excluded.heat_meter_installed`,
      [contract.contractNumber, contract.subscriberType, contract.iinBin, contract.name, contract.address, contract.heatMeterInstalled],
    );
    const accounts = contract.accounts;
    await this.sql.query('delete from personal_account where contract_number = $1 and not (account_number = any($2::text[]))', [
      contract.contractNumber,
      accounts.map((account) => account.accountNumber),
    ]);
    const stored = await this.sql.query<{ account_number: string }>(
      `insert into personal_account (account_number, contract_number, recipient, tariff_group, position)
       select a.account_number, $1, a.recipient, a.tariff_group, a.position
         from unnest($2::text[], $3::text[], $4::text[], $5::int[]) as a(account_number, recipient, tariff_group, position)
       on conflict (account_number) do update set recipient = excluded.recipient, tariff_group = excluded.tariff_group, position = excluded.position
         where personal_account.contract_number = excluded.contract_number
       returning account_number`,
      [
        contract.contractNumber,
        accounts.map((account) => account.accountNumber),
        accounts.map((account) => account.recipient),
        accounts.map((account) => account.tariffGroup),
        accounts.map((account) => account.position),
      ],
    );
    if (stored.length === accounts.length) return new Map();
    const mine = new Set(stored.map((row) => row.account_number));
    return this.ownersOf(accounts.map((account) => account.accountNumber).filter((accountNumber) => !mine.has(accountNumber)));
  }
}
