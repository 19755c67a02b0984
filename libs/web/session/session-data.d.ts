import 'express-session';

declare module 'express-session' {
  interface SessionData {
    /** Per-session CSRF token (synchronizer token pattern). */
    csrfToken?: string;
    /** Messages shown once on the next rendered page. */
    flash?: Array<{ type: 'success' | 'error' | 'info'; text: string }>;
    /** Whose session this is, e.g. `subscriber:<id>` or `staff:<id>`; indexed to end all of them. */
    ownerKey?: string;
    /** When the login started this session (ms since epoch, on the application's clock). */
    startedAt?: number;
    subscriberId?: string;
    staffId?: string;
    staffLogin?: string;
    /** The staff member's role on the queue dashboard (`viewer` or `operator`); a session without one is a viewer's. */
    staffRole?: string;
    /** The language chosen with the switch (a code of LOCALES); kept across a login and a logout. */
    locale?: string;
  }
}
