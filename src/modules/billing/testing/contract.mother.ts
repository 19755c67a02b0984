import type { ContractUpserted } from '@app/messaging';
import { IinBin } from '@app/shared-kernel';

let sequence = 0;

/** A contract number no earlier call of this process gave: legal 7xxxxx, individual 04xxxxxx. */
function freshContractNumber(type: ContractUpserted['subscriberType']): string {
  sequence += 1;
  const unique = `${Date.now() % 1_000_000}${sequence}`.padStart(8, '0').slice(-8);
  return type === 'legal' ? `7${unique.slice(-5)}` : `04${unique.slice(-6)}`;
}

/**
 * The contract's own IIN/BIN: the last six digits of its number behind a BIN (legal entity) or IIN
 * (individual) prefix, whose fifth digit moves on when no check digit fits. The same number always
 * gives the same IIN/BIN, and two numbers with different last six digits never share one.
 */
function iinBinOf(type: ContractUpserted['subscriberType'], contractNumber: string): string {
  const tail = contractNumber.replace(/\D/g, '').slice(-6).padStart(6, '0');
  for (let fifth = 0; fifth < 10; fifth += 1) {
    const first11 = `${type === 'legal' ? '1903' : '8503'}${(4 + fifth) % 10}${tail}`;
    if (IinBin.checkDigitOf(first11) !== undefined) return IinBin.complete(first11).value;
  }
  throw new Error(`No IIN/BIN for contract ${contractNumber}`);
}

/**
 * Test data ("mother") for contracts, as the back office publishes them (`contract.upserted`, which
 * Billing's Contract.open takes as its terms): a legal entity with two personal accounts
 * `<number>-1` and `<number>-2`, or an individual whose one account is the contract number, with a
 * valid IIN/BIN of its own. Without a `contractNumber` each call gives a new one.
 */
export function aContract(type: ContractUpserted['subscriberType'] = 'legal', overrides: Partial<ContractUpserted> = {}): ContractUpserted {
  const contractNumber = overrides.contractNumber ?? freshContractNumber(type);
  return {
    contractNumber,
    subscriberType: type,
    iinBin: iinBinOf(type, contractNumber),
    name: type === 'legal' ? 'ТОО «Тестовая компания»' : 'Петров Пётр Петрович',
    address: 'г. Павлодар, ул. Ленина, 1',
    heatMeterInstalled: false,
    accounts:
      type === 'legal'
        ? [
            { accountNumber: `${contractNumber}-1`, recipient: 'Офис', tariffGroup: '3' },
            { accountNumber: `${contractNumber}-2`, recipient: 'Склад', tariffGroup: '3' },
          ]
        : [{ accountNumber: contractNumber, recipient: 'Петров Пётр Петрович', tariffGroup: '1' }],
    ...overrides,
  };
}
