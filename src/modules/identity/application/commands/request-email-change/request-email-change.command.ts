/** «Изменить email» (Рисунок 10): the new address, confirmed by the link sent to it. */
export class RequestEmailChange {
  constructor(
    readonly subscriberId: string,
    readonly newEmail: string,
  ) {}
}
