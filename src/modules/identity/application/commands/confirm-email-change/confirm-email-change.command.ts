/** The link sent to the new address was followed. */
export class ConfirmEmailChange {
  constructor(readonly token: string) {}
}
