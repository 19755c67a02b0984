import { DEFAULT_LOCALE, Locale } from '@app/shared-kernel';

/** «Забыли свой пароль?» (Рисунок 6): «Логин или email». `locale` is the page's (or the API call's) language, for the e-mail of an account that never chose one. */
export class RequestPasswordRecovery {
  constructor(
    readonly loginOrEmail: string,
    readonly locale: Locale = DEFAULT_LOCALE,
  ) {}
}
