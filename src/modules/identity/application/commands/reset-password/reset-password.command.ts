/** «Изменить пароль» on the recovery form (Рисунок 8). */
export class ResetPassword {
  constructor(
    readonly input: {
      iinBin: string;
      contractOrAccount: string;
      login: string;
      checkword: string;
      password: string;
      passwordConfirmation: string;
    },
  ) {}
}
