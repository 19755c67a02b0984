export { Argon2PasswordHasher } from './argon2-password-hasher';
export { PasswordHasher } from './password-hasher';
export { hashToken, randomToken } from './tokens';
