/** «Отправить письмо ещё раз» from the login form: a new registration link for an unconfirmed account. */
export class ResendConfirmation {
  constructor(readonly login: string) {}
}
