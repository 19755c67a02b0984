import type { Locale } from '@app/shared-kernel';

export type BillingReport = { kind: 'charges-breakdown'; period: string } | { kind: 'reconciliation'; from: string; to: string };

/**
 * A subscriber asks for a PDF of a Billing report, to download or to receive by e-mail, in `locale`
 * (the language of the page that asked: the subscriber's). Returns the id of the document request
 * (its status page follows it).
 */
export class RequestBillingReport {
  constructor(
    readonly props: {
      ownerId: string;
      contractNumber: string;
      /** The subscriber's login, in the downloaded file's name (e.g. «Расшифровка начислений 2026-10 vk2666.pdf»). */
      login: string;
      email: string;
      delivery: 'download' | 'email';
      report: BillingReport;
      locale: Locale;
    },
  ) {}
}
