import type { LoginAdmission } from '../auth/LoginThrottle.ts';
import { HttpError } from './HttpError.ts';

/** The 429 for a password check the login throttle held back, with `Retry-After` in seconds. */
export function loginRefusal(refusal: Extract<LoginAdmission, { admitted: false }>): HttpError {
  const seconds = refusal.retryAfterSeconds;
  return new HttpError(
    429,
    'too-many-attempts',
    `Too many failed password attempts; try again in ${seconds} second${seconds === 1 ? '' : 's'}. The password was not checked.`,
    { headers: { 'retry-after': String(seconds) } },
  );
}
