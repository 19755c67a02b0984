export { Argon2PasswordHasher } from './argon2-password-hasher';
export { PasswordHasher } from './password-hasher';
export { hashToken, randomToken } from './tokens';
export { checkedOrWithdrawn, PASSWORD_ATTEMPTS, RedisAttemptThrottle, waitAfter } from './attempt-throttle';
export type { Attempt, AttemptTicket, ThrottlePolicy } from './attempt-throttle';
export { MIN_PASSWORD_SCORE, ZxcvbnPasswordStrength } from './password-strength';
export type { PasswordWeakness } from './password-strength';
