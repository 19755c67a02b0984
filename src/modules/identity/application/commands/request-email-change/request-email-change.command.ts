import { DEFAULT_LOCALE, Locale } from '@app/shared-kernel';

/** «Изменить email» (Рисунок 10): the new address, confirmed by the link sent to it. `locale` is the page's (or the API call's) language, for the e-mail of an account that never chose one. */
export class RequestEmailChange {
  constructor(
    readonly subscriberId: string,
    readonly newEmail: string,
    readonly locale: Locale = DEFAULT_LOCALE,
  ) {}
}
