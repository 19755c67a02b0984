/** Port: one-way password hashing. */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  abstract verify(hash: string, password: string): Promise<boolean>;
  /**
   * Takes the time of a verification when there is no account to verify against (an unknown login),
   * so that how long the answer took does not tell an unknown login from a wrong password. Always false.
   */
  abstract verifyAgainstNone(password: string): Promise<false>;
}
