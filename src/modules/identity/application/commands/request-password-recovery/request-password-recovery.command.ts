/** «Забыли свой пароль?» (Рисунок 6): «Логин или email». */
export class RequestPasswordRecovery {
  constructor(readonly loginOrEmail: string) {}
}
