import { IinBin } from '@app/shared-kernel';
import { BackofficeEventValidator } from './backoffice-validator';

const validator = new BackofficeEventValidator();
const BIN = IinBin.complete('15034000123').value;

const contract = {
  contractNumber: '2666',
  subscriberType: 'legal',
  iinBin: BIN,
  name: 'ТОО «Пример»',
  address: 'г. Павлодар',
  heatMeterInstalled: true,
  accounts: [{ accountNumber: '00009177', recipient: 'ТОО «Пример»', tariffGroup: '3' }],
};
const line = { accountNumber: '00009177', recipient: 'x', tariffGroup: '3', service: 'water', volume: '12.500', tariff: '197.02', vatRate: '16', amount: '2856.79' };

function problemsOf(type: string, payload: unknown): string[] {
  const result = validator.validate(type, payload);
  return result.valid ? [] : result.problems;
}

describe('BackofficeEventValidator', () => {
  it('accepts a valid event of each type', () => {
    expect(problemsOf('contract.upserted', contract)).toEqual([]);
    expect(problemsOf('charges.published', { contractNumber: '2666', period: '2026-10', lines: [line] })).toEqual([]);
    expect(problemsOf('payment.recorded', { paymentId: 'P-1', contractNumber: '2666', date: '2026-10-05', amount: '1000.00' })).toEqual([]);
    expect(problemsOf('balance.opened', { contractNumber: '2666', date: '2026-01-01', amount: '-15.5' })).toEqual([]);
    expect(
      problemsOf('meter.upserted', {
        meterId: 'M-1', contractNumber: '2666', accountNumber: '00009177', water: 'hot', factoryNumber: null, verificationDate: null, state: 'removed',
      }),
    ).toEqual([]);
    expect(problemsOf('reading.processed', { submissionId: '5b0c1f4e-8a57-4c1e-9a4f-0d6f2d7c9b11', meterId: 'M-1', status: 'accepted' })).toEqual([]);
  });

  it('takes an optional whole revision on every upsert-like event, and refuses any other (docs/integration.md, «Order»)', () => {
    expect(problemsOf('contract.upserted', { ...contract, revision: 7 })).toEqual([]);
    expect(problemsOf('charges.published', { contractNumber: '2666', period: '2026-10', lines: [line], revision: 20261024 })).toEqual([]);
    expect(problemsOf('payment.recorded', { paymentId: 'P-1', contractNumber: '2666', date: '2026-10-05', amount: '1000.00', revision: 2 })).toEqual([]);
    expect(problemsOf('balance.opened', { contractNumber: '2666', date: '2026-01-01', amount: '1', revision: Number.MAX_SAFE_INTEGER })).toEqual([]);
    expect(problemsOf('contract.upserted', { ...contract, revision: 1.5 })).toEqual(['revision: must be integer, got 1.5']);
    expect(problemsOf('contract.upserted', { ...contract, revision: '3' })).toEqual(['revision: must be integer, got "3"']);
    expect(problemsOf('contract.upserted', { ...contract, revision: 0 })).toEqual(['revision: must be >= 1']);
    expect(problemsOf('reading.processed', { submissionId: '5b0c1f4e-8a57-4c1e-9a4f-0d6f2d7c9b11', meterId: 'M-1', status: 'accepted', revision: 1 })).toEqual([
      'revision: is not part of the contract v1',
    ]);
  });

  it('names the field whose IIN/BIN check digit is wrong', () => {
    const wrong = `${BIN.slice(0, 11)}${(Number(BIN[11]) + 1) % 10}`;
    expect(problemsOf('contract.upserted', { ...contract, iinBin: wrong })).toEqual([expect.stringMatching(/^iinBin: must be an IIN\/BIN: 12 digits with a valid check digit.*got "\d{12}"$/)]);
  });

  it('refuses decimals as numbers, with too many fraction digits or in exponent form, naming each line', () => {
    const problems = problemsOf('charges.published', {
      contractNumber: '2666',
      period: '2026-10',
      lines: [{ ...line, volume: '1.2345' }, { ...line, amount: 2856.79 }, { ...line, tariff: '1e3' }],
    });
    expect(problemsOf('charges.published', { contractNumber: '2666', period: '2026-10', lines: [line] })).toEqual([]);
    expect(problemsOf('charges.published', { contractNumber: '2666', period: '2026-10', lines: [{ ...line, volume: '1.2345' }] })).toEqual([
      expect.stringMatching(/^lines\[0\]\.volume: must be a signed decimal string with up to 9 integer and 3 fraction digits.*got "1.2345"$/),
    ]);
    expect(problemsOf('charges.published', { contractNumber: '2666', period: '2026-10', lines: [{ ...line, amount: 2856.79 }] })).toEqual([
      'lines[0].amount: must be string, got 2856.79',
    ]);
    expect(problems).toHaveLength(3);
  });

  it('refuses impossible dates and periods, unknown enum values, missing and extra fields', () => {
    expect(problemsOf('payment.recorded', { paymentId: 'P-1', contractNumber: '2666', date: '2026-02-30', amount: '1' })).toEqual([
      'date: must be a calendar date YYYY-MM-DD, got "2026-02-30"',
    ]);
    expect(problemsOf('charges.published', { contractNumber: '2666', period: '2026-13', lines: [] })).toEqual([
      'period: must be a period YYYY-MM, got "2026-13"',
    ]);
    expect(problemsOf('charges.published', { contractNumber: '2666', period: '2026-10', lines: [{ ...line, service: 'gas' }] })).toEqual([
      'lines[0].service: must be one of water, sewerage, got "gas"',
    ]);
    const { address: _address, ...withoutAddress } = contract;
    expect(problemsOf('contract.upserted', { ...withoutAddress, colour: 'red' })).toEqual(['address: is required', 'colour: is not part of the contract v1']);
  });

  it('requires a reason for a rejected reading and refuses unknown event types', () => {
    expect(problemsOf('reading.processed', { submissionId: '5b0c1f4e-8a57-4c1e-9a4f-0d6f2d7c9b11', meterId: 'M-1', status: 'rejected' })).toEqual(['reason: is required']);
    expect(problemsOf('contract.deleted', {})).toEqual([expect.stringMatching(/^event type "contract.deleted" is not part of the contract v1/)]);
    expect(problemsOf('balance.opened', null)).toEqual(['payload must be object, got null']);
  });
});
