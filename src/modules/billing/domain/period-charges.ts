import { FixedDecimal } from '@app/shared-kernel';
import { BillingErrors } from './billing.errors';
import { decimalOf, SCALE } from './billing-decimals';
import { ChargeLine, Service } from './charge-line';
import { Contract } from './contract.aggregate';

export interface ChargeLineInput {
  accountNumber: string;
  recipient: string;
  tariffGroup: string;
  service: Service;
  volume: string;
  tariff: string;
  vatRate: string;
  amount: string;
}

/**
 * The charges of one contract for one period, as the back office published them. Publishing again
 * replaces the period's lines as a whole; lines are rows of their own (bounded: accounts × services).
 */
export class PeriodCharges {
  private constructor(
    readonly contractNumber: string,
    readonly period: string,
    readonly lines: readonly ChargeLine[],
  ) {}

  static publish(contract: Contract, period: string, inputs: readonly ChargeLineInput[]): PeriodCharges {
    const seen = new Set<string>();
    const lines = inputs.map((input, index) => {
      if (!contract.hasAccount(input.accountNumber)) {
        throw BillingErrors.accountNotInContract(input.accountNumber, contract.contractNumber, `lines[${index}].accountNumber`);
      }
      const key = `${input.accountNumber}/${input.service}`;
      if (seen.has(key)) throw BillingErrors.duplicateChargeLine(input.accountNumber, input.service, index);
      seen.add(key);
      const line = new ChargeLine();
      line.contractNumber = contract.contractNumber;
      line.period = period;
      line.accountNumber = input.accountNumber;
      line.service = input.service;
      line.recipient = input.recipient;
      line.tariffGroup = input.tariffGroup;
      line.volume = decimalOf('volume', input.volume, `lines[${index}].volume`);
      line.tariff = decimalOf('tariff', input.tariff, `lines[${index}].tariff`);
      line.vatRate = decimalOf('vatRate', input.vatRate, `lines[${index}].vatRate`);
      line.amount = decimalOf('money', input.amount, `lines[${index}].amount`);
      line.position = index;
      return line;
    });
    return new PeriodCharges(contract.contractNumber, period, lines);
  }

  total(): FixedDecimal {
    return this.lines.reduce((sum, line) => sum.plus(line.amount), FixedDecimal.zero(SCALE.money));
  }
}
