import type { Translator } from '@app/web';

/** Only a page of the dashboard may be the place to return to after the staff login. */
export function staffNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/admin/') && !next.startsWith('//') ? next : '/admin/queues';
}

/** The model of the staff login form (staff/login): as first shown, or after a refused login. */
export function staffLoginPageModel(messages: Translator, values: { login?: string; error?: string; next: unknown }) {
  return { title: messages.t('web.staff.loginTitle'), login: values.login ?? '', error: values.error ?? '', next: staffNext(values.next) };
}
