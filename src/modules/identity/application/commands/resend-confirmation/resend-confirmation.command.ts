import { DEFAULT_LOCALE, Locale } from '@app/shared-kernel';

/** «Отправить письмо ещё раз» from the login form: a new registration link for an unconfirmed account. `locale` is the page's (or the API call's) language, for the e-mail of an account that never chose one. */
export class ResendConfirmation {
  constructor(
    readonly login: string,
    readonly locale: Locale = DEFAULT_LOCALE,
  ) {}
}
