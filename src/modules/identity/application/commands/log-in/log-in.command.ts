/** «Войти»: login and password, from the form or POST /api/v1/auth/token. */
export class LogIn {
  constructor(
    readonly login: string,
    readonly password: string,
    readonly clientAddress: string,
  ) {}
}
