export type BillingReport = { kind: 'charges-breakdown'; period: string } | { kind: 'reconciliation'; from: string; to: string };

/**
 * A subscriber asks for a PDF of a Billing report, to download or to receive by e-mail. Returns the
 * id of the document request (its status page follows it).
 */
export class RequestBillingReport {
  constructor(
    readonly props: {
      ownerId: string;
      contractNumber: string;
      email: string;
      delivery: 'download' | 'email';
      report: BillingReport;
    },
  ) {}
}
