import type { Translator } from '@app/web';

export interface LoginPageValues {
  login: string;
  next: string;
  rememberMe: boolean;
  error: string;
  info: string;
  notConfirmed: boolean;
}

/** The model of «Авторизация» (identity/login): as first shown, or after a refused login. */
export function loginPageModel(messages: Translator, values: Partial<LoginPageValues>): LoginPageValues & { title: string } {
  return {
    title: messages.t('identity.login.title'),
    login: '',
    next: '/cabinet',
    rememberMe: false,
    error: '',
    info: '',
    notConfirmed: false,
    ...values,
  };
}
