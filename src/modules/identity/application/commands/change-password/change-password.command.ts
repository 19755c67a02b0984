import { DEFAULT_LOCALE, Locale } from '@app/shared-kernel';

/**
 * «Изменение пароля» (Рисунок 12). `keep` is the session or API token the request came with; `locale` is the page's (or the API call's) language, for the e-mail of an account that never chose one.
 */
export class ChangePassword {
  constructor(
    readonly subscriberId: string,
    readonly input: { currentPassword: string; newPassword: string; newPasswordConfirmation: string },
    readonly keep: { sessionId?: string; apiToken?: string } = {},
    readonly locale: Locale = DEFAULT_LOCALE,
    /** Where the request came from: the current password is counted like a login (LoginThrottle). */
    readonly clientAddress = 'unknown',
  ) {}
}
