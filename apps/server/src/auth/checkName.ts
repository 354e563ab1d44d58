import { AuthError, type AuthErrorCode } from './AuthError.ts';

const MAX_NAME_LENGTH = 200;
const CONTROL = /\p{Cc}/u;

/**
 * Trims a human-readable name (display name, token name, project name) and checks it is 1-200 characters
 * without control characters; otherwise throws {@link AuthError} with `code`, naming `what` in the message.
 */
export function checkName(name: string, code: AuthErrorCode, what: string): string {
  const trimmed = typeof name === 'string' ? name.trim().normalize('NFC') : '';
  if (trimmed.length === 0) throw new AuthError(code, `A ${what} is required.`);
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new AuthError(code, `The ${what} is longer than ${MAX_NAME_LENGTH} characters.`);
  }
  if (CONTROL.test(trimmed)) throw new AuthError(code, `The ${what} contains control characters.`);
  return trimmed;
}
