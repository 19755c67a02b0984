import { DEFAULT_LOCALE, Locale } from '@app/shared-kernel';

/** The link sent to the new address was followed. `locale` is the page's (or the API call's) language, for the e-mail of an account that never chose one. */
export class ConfirmEmailChange {
  constructor(
    readonly token: string,
    readonly locale: Locale = DEFAULT_LOCALE,
    /** The session or API token the link was followed with: it stays; every other one of the account ends. */
    readonly keep: { sessionId?: string; apiToken?: string } = {},
  ) {}
}
