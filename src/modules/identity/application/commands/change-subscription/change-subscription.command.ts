/** «Редактирование подписки»: «Получать счёт-извещение на email». */
export class ChangeSubscription {
  constructor(
    readonly subscriberId: string,
    readonly invoiceByEmail: boolean,
  ) {}
}
