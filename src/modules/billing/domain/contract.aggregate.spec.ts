import { DomainError } from '@app/shared-kernel';
import { aContract } from '../testing/contract.mother';
import { Contract } from './contract.aggregate';
import { PeriodCharges } from './period-charges';
import { Payment } from './payment';
import { OpeningBalance } from './opening-balance';

/** Contract 2666 of a legal entity, accounts 2666-1 and 2666-2, as the back office publishes it. */
const legal = aContract('legal', { contractNumber: '2666' });

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof DomainError ? `${error.code} ${String(error.details.field ?? '')}`.trim() : String(error);
  }
  return undefined;
}

describe('Contract', () => {
  it('opens with its personal accounts in the published order', () => {
    const contract = Contract.open('2666', legal);
    expect(contract.accounts.map((account) => account.accountNumber)).toEqual(['2666-1', '2666-2']);
    expect(contract.hasAccount('2666-2')).toBe(true);
    expect(contract.hasAccount('04008220')).toBe(false);
  });

  it('reports no change when the same terms are published again', () => {
    const contract = Contract.open('2666', legal);
    expect(contract.revise(legal)).toBe(false);
    expect(contract.revise({ ...legal, address: 'г. Павлодар, ул. Ленина, 2' })).toBe(true);
    expect(contract.revise({ ...legal, accounts: [{ ...legal.accounts[0], tariffGroup: '4' }] })).toBe(true);
    expect(contract.accounts).toHaveLength(1);
  });

  it("refuses an account another contract holds, naming it and its owner, and takes the contract's own", () => {
    const owners = new Map([['2666-2', '3120'], ['2666-1', '2666']]);
    expect(codeOf(() => Contract.checkAccountsOwned('2666', legal.accounts, owners))).toBe('BILLING.ACCOUNT_OF_ANOTHER_CONTRACT accounts[1].accountNumber');
    expect(() => Contract.checkAccountsOwned('2666', legal.accounts, new Map([['2666-1', '2666']]))).not.toThrow();
    expect(() => Contract.checkAccountsOwned('2666', legal.accounts, new Map())).not.toThrow();
  });

  it('refuses an IIN/BIN with a wrong check digit', () => {
    const wrong = `${legal.iinBin.slice(0, 11)}${(Number(legal.iinBin[11]) + 1) % 10}`;
    expect(codeOf(() => Contract.open('2666', { ...legal, iinBin: wrong }))).toBe('SHARED.INVALID_IIN_BIN');
  });

  it('refuses a personal account listed twice and a contract without accounts', () => {
    const account = legal.accounts[0];
    expect(codeOf(() => Contract.open('2666', { ...legal, accounts: [account, account] }))).toBe('BILLING.DUPLICATE_ACCOUNT accounts[1].accountNumber');
    expect(codeOf(() => Contract.open('2666', { ...legal, accounts: [] }))).toBe('BILLING.NO_ACCOUNTS accounts');
  });

  it("holds an individual's single account under the contract's own number", () => {
    const individual = aContract('individual', { contractNumber: '04008220' });
    expect(Contract.open('04008220', individual).accounts).toHaveLength(1);
    expect(codeOf(() => Contract.open('04008221', individual))).toBe('BILLING.INDIVIDUAL_ACCOUNT_MISMATCH accounts');
  });
});

describe('PeriodCharges', () => {
  const line = { accountNumber: '2666-1', recipient: 'x', tariffGroup: '3', service: 'water' as const, volume: '12.500', tariff: '197.02', vatRate: '16', amount: '2856.79' };

  it('keeps every amount exactly and totals the period', () => {
    const charges = PeriodCharges.publish(Contract.open('2666', legal), '2026-10', [line, { ...line, service: 'sewerage', tariff: '204.5', amount: '2965.25' }]);
    expect(charges.lines[0].volume.toString()).toBe('12.500');
    expect(charges.lines[0].tariff.toString()).toBe('197.0200');
    expect(charges.total().toString()).toBe('5822.04');
  });

  it('refuses a line of an account outside the contract, naming the line', () => {
    const contract = Contract.open('2666', legal);
    expect(codeOf(() => PeriodCharges.publish(contract, '2026-10', [line, { ...line, accountNumber: '04008220' }]))).toBe(
      'BILLING.ACCOUNT_NOT_IN_CONTRACT lines[1].accountNumber',
    );
  });

  it('refuses two lines for one account and service, and amounts with too many decimals', () => {
    const contract = Contract.open('2666', legal);
    expect(codeOf(() => PeriodCharges.publish(contract, '2026-10', [line, line]))).toBe('BILLING.DUPLICATE_CHARGE_LINE lines[1]');
    expect(codeOf(() => PeriodCharges.publish(contract, '2026-10', [{ ...line, amount: '1.001' }]))).toBe('BILLING.INVALID_AMOUNT lines[0].amount');
  });
});

describe('Payment and OpeningBalance', () => {
  it('corrects a payment under the same id but never moves it to another contract', () => {
    const payment = Payment.record({ paymentId: 'P-1', contractNumber: '2666', date: '2026-10-05', amount: '1000.00' });
    payment.correct({ contractNumber: '2666', date: '2026-10-06', amount: '999.99', document: 'п/п 15' });
    expect([payment.date, payment.amount.toString(), payment.document]).toEqual(['2026-10-06', '999.99', 'п/п 15']);
    expect(codeOf(() => payment.correct({ contractNumber: '2667', date: '2026-10-06', amount: '1' }))).toBe('BILLING.PAYMENT_OF_ANOTHER_CONTRACT paymentId');
  });

  it('tells a debt from an overpayment', () => {
    expect(OpeningBalance.open('2666', '2026-01-01', '1500.50').owes()).toBe(true);
    expect(OpeningBalance.open('2666', '2026-01-01', '-20').owes()).toBe(false);
  });
});
