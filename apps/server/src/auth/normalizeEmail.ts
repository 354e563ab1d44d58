import { AuthError } from './AuthError.ts';

const MAX_EMAIL_LENGTH = 254;
// Deliberately loose: one @, something on each side, no spaces or controls. Deliverability is not our concern.
const EMAIL = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u;

/**
 * Trims and lower-cases an email address so that `Ada@Example.org` and `ada@example.org ` are one account.
 * Throws {@link AuthError} `invalid-email` when it is not shaped like an address.
 */
export function normalizeEmail(email: string): string {
  const normalized = typeof email === 'string' ? email.trim().normalize('NFC').toLowerCase() : '';
  if (normalized.length === 0) throw new AuthError('invalid-email', 'An email address is required.');
  if (normalized.length > MAX_EMAIL_LENGTH) {
    throw new AuthError('invalid-email', `The email address is longer than ${MAX_EMAIL_LENGTH} characters.`);
  }
  if (!EMAIL.test(normalized)) {
    throw new AuthError('invalid-email', `"${normalized}" is not an email address (expected name@domain).`);
  }
  return normalized;
}
