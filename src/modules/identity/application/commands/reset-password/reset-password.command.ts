import { DEFAULT_LOCALE, Locale } from '@app/shared-kernel';

/** «Изменить пароль» on the recovery form (Рисунок 8). `locale` is the page's (or the API call's) language, for the e-mail of an account that never chose one. */
export class ResetPassword {
  constructor(
    readonly input: {
      iinBin: string;
      contractOrAccount: string;
      login: string;
      checkword: string;
      password: string;
      passwordConfirmation: string;
    },
    readonly locale: Locale = DEFAULT_LOCALE,
  ) {}
}
