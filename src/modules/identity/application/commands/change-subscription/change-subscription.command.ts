/**
 * «Редактирование подписки»: «Получать счёт-извещение на email» and «Получать напоминания о поверке
 * счётчиков на email» (left as it is when not given).
 */
export class ChangeSubscription {
  constructor(
    readonly subscriberId: string,
    readonly invoiceByEmail: boolean,
    readonly verificationReminders?: boolean,
  ) {}
}

/** Whether anything changed, and the choices as they now stand. */
export interface SubscriptionChoice {
  changed: boolean;
  invoiceByEmail: boolean;
  verificationReminders: boolean;
}
