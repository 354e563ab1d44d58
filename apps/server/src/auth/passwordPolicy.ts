import { AuthError } from './AuthError.ts';
import { checkPasswordStrength, type PasswordOwner } from './checkPasswordStrength.ts';

/** Fewest characters (Unicode code points) a new password may have. */
export const PASSWORD_MIN_LENGTH = 10;
/** Most characters (Unicode code points) a password may have; keeps hashing cost bounded. */
export const PASSWORD_MAX_LENGTH = 1024;

/** Counts code points, so an emoji is one character; a UTF-16 length over twice the limit is too long anyway. */
export function passwordLength(password: string): number {
  if (password.length > PASSWORD_MAX_LENGTH * 2) return password.length;
  let count = 0;
  for (const _ of password) count++;
  return count;
}

/**
 * Throws an {@link AuthError} (`password-too-short` / `password-too-long` / `password-too-weak`) unless `password`
 * may be set as `owner`'s new password: {@link PASSWORD_MIN_LENGTH} to {@link PASSWORD_MAX_LENGTH} characters, and
 * not guessable from common-password lists, dictionaries, patterns or the owner's own email and name (see
 * `checkPasswordStrength`). Existing passwords are never re-checked against this policy at login, so it can be
 * tightened.
 */
export function checkNewPassword(password: string, owner: PasswordOwner = {}): void {
  checkPasswordLength(password);
  checkPasswordStrength(password, owner);
}

/** Throws an {@link AuthError} (`password-too-short` / `password-too-long`) unless `password` has an acceptable length. */
export function checkPasswordLength(password: string): void {
  if (typeof password !== 'string') {
    throw new AuthError('password-too-short', 'A password is required.');
  }
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    throw new AuthError(
      'password-too-short',
      `The password is ${length} characters long; use at least ${PASSWORD_MIN_LENGTH}.`,
    );
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new AuthError('password-too-long', `The password is longer than ${PASSWORD_MAX_LENGTH} characters.`);
  }
}
