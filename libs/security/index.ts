export * from './argon2-password-hasher';
export * from './password-hasher';
export * from './tokens';
