import type { Locale } from '@app/shared-kernel';

/** The language switch (or the login right after a choice): the subscriber's language from now on, e-mails and PDFs included. */
export class ChooseLanguage {
  constructor(
    readonly subscriberId: string,
    readonly locale: Locale,
  ) {}
}
