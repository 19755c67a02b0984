import { Injectable } from '@nestjs/common';
import { PlainSql } from '@app/persistence';
import { ContractDirectory, ContractView } from '../../application/contract-directory';

interface ContractRow {
  contract_number: string;
  subscriber_type: 'legal' | 'individual';
  iin_bin: string;
  name: string;
  address: string;
  heat_meter_installed: boolean;
  accounts: ContractView['accounts'];
}

const SELECT_CONTRACT = `
  select c.contract_number, c.subscriber_type, c.iin_bin, c.name, c.address, c.heat_meter_installed,
         coalesce((select json_agg(json_build_object('accountNumber', a.account_number, 'recipient', a.recipient, 'tariffGroup', a.tariff_group)
                                   order by a.position)
                     from personal_account a where a.contract_number = c.contract_number), '[]'::json) as accounts
    from contract c`;

/** Reads contracts straight into the view other contexts see, with plain SQL (inside the caller's transaction if any). */
@Injectable()
export class PgContractDirectory extends ContractDirectory {
  constructor(private readonly sql: PlainSql) {
    super();
  }

  async findContract(contractNumber: string): Promise<ContractView | null> {
    const rows = await this.sql.query<ContractRow>(`${SELECT_CONTRACT} where c.contract_number = $1`, [contractNumber]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async findContractOfAccount(accountNumber: string): Promise<ContractView | null> {
    const rows = await this.sql.query<ContractRow>(
      `${SELECT_CONTRACT} where c.contract_number = (select contract_number from personal_account where account_number = $1)`,
      [accountNumber],
    );
    return rows[0] ? toView(rows[0]) : null;
  }
}

function toView(row: ContractRow): ContractView {
  return {
    contractNumber: row.contract_number,
    subscriberType: row.subscriber_type,
    iinBin: row.iin_bin,
    name: row.name,
    address: row.address,
    heatMeterInstalled: row.heat_meter_installed,
    accounts: row.accounts,
  };
}
