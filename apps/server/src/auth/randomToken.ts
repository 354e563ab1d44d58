import { randomBytes } from 'node:crypto';

/** `bytes` cryptographically random bytes as unpadded base64url (32 bytes give 43 characters). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
