import { DEFAULT_LOCALE, Locale } from '@app/shared-kernel';
import type { SubscriberType } from '../../../domain/subscriber-login';

/** «Регистрация» (SPEC §1.1): everything the form or the API sends, unchecked, and the language it was sent in. */
export class RegisterSubscriber {
  constructor(
    readonly input: {
      subscriberType: SubscriberType;
      name: string;
      email: string;
      password: string;
      passwordConfirmation: string;
      iinBin: string;
      /** The contract number (legal entity) or the personal account number (individual). */
      number: string;
      invoiceByEmail: boolean;
    },
    readonly locale: Locale = DEFAULT_LOCALE,
    /** Where the request came from: attempts are limited per contract and per address (RegistrationThrottle). */
    readonly clientAddress = 'unknown',
  ) {}
}

export interface RegistrationResult {
  subscriberId: string;
  login: string;
  email: string;
}

/** The form field of the contract or account number. */
export function numberField(type: SubscriberType): 'contractNumber' | 'accountNumber' {
  return type === 'legal' ? 'contractNumber' : 'accountNumber';
}
