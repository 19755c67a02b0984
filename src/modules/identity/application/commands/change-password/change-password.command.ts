/** «Изменение пароля» (Рисунок 12). `keep` is the session or API token the request came with. */
export class ChangePassword {
  constructor(
    readonly subscriberId: string,
    readonly input: { currentPassword: string; newPassword: string; newPasswordConfirmation: string },
    readonly keep: { sessionId?: string; apiToken?: string } = {},
  ) {}
}
