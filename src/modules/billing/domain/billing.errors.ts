import { DomainError } from '@app/shared-kernel';

/**
 * The broken rules of Billing. `details.field` names the offending field of the back-office payload
 * (e.g. `lines[2].accountNumber`), so an adapter can say exactly what is wrong.
 */
export const BillingErrors = {
  contractNotFound: (contractNumber: string, field = 'contractNumber') =>
    new DomainError('BILLING.CONTRACT_NOT_FOUND', `contract ${contractNumber} is not known`, { contractNumber, field }),
  noAccounts: () => new DomainError('BILLING.NO_ACCOUNTS', 'a contract has at least one personal account', { field: 'accounts' }),
  duplicateAccount: (accountNumber: string, index: number) =>
    new DomainError('BILLING.DUPLICATE_ACCOUNT', `personal account ${accountNumber} is listed twice`, { accountNumber, field: `accounts[${index}].accountNumber` }),
  individualAccountMismatch: (contractNumber: string) =>
    new DomainError(
      'BILLING.INDIVIDUAL_ACCOUNT_MISMATCH',
      `an individual's contract holds exactly one personal account, numbered like the contract (${contractNumber})`,
      { contractNumber, field: 'accounts' },
    ),
  accountOfAnotherContract: (accountNumber: string, owner: string, index: number) =>
    new DomainError('BILLING.ACCOUNT_OF_ANOTHER_CONTRACT', `personal account ${accountNumber} belongs to contract ${owner}`, {
      accountNumber,
      owner,
      field: `accounts[${index}].accountNumber`,
    }),
  accountNotInContract: (accountNumber: string, contractNumber: string, field: string) =>
    new DomainError('BILLING.ACCOUNT_NOT_IN_CONTRACT', `personal account ${accountNumber} is not an account of contract ${contractNumber}`, {
      accountNumber,
      contractNumber,
      field,
    }),
  duplicateChargeLine: (accountNumber: string, service: string, index: number) =>
    new DomainError('BILLING.DUPLICATE_CHARGE_LINE', `personal account ${accountNumber} has two "${service}" lines`, {
      accountNumber,
      service,
      field: `lines[${index}]`,
    }),
  paymentOfAnotherContract: (paymentId: string, owner: string) =>
    new DomainError('BILLING.PAYMENT_OF_ANOTHER_CONTRACT', `payment ${paymentId} is already recorded for contract ${owner}`, {
      paymentId,
      owner,
      field: 'paymentId',
    }),
  invalidPeriodRange: (from: string, to: string, maxMonths: number) =>
    new DomainError('BILLING.INVALID_PERIOD_RANGE', `the range ${from}..${to} is not a range of 1 to ${maxMonths} months`, { from, to, maxMonths, field: 'to' }),
  /** A period asked for (the API's `period`, `from`, `to`) that is not a month we could have charges for. */
  invalidPeriod: (field: string, value: string) =>
    new DomainError('BILLING.INVALID_PERIOD', `"${value}" is not a period YYYY-MM from 2000 to a year ahead`, { field, value }),
  /** A report that does not exist, has another owner, or whose id is not one: the same answer for all three. */
  reportNotFound: (id: string) => new DomainError('BILLING.REPORT_NOT_FOUND', `report ${id} not found`, { id }),
  /** Its PDF is still being made (`pending`), or could not be made (`failed`). */
  reportNotReady: (id: string, status: string) => new DomainError('BILLING.REPORT_NOT_READY', `report ${id} is ${status}, not ready`, { id, status }),
  reportExpired: (id: string) => new DomainError('BILLING.REPORT_EXPIRED', `report ${id} has expired`, { id }),
  invalidAmount: (field: string, value: string) =>
    new DomainError('BILLING.INVALID_AMOUNT', `"${value}" is not an exact decimal of the allowed precision`, { field, value }),
};
