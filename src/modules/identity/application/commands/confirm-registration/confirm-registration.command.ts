/** The registration link of the e-mail was followed. */
export class ConfirmRegistration {
  constructor(readonly token: string) {}
}
