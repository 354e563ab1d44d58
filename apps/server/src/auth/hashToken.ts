import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) of a bearer secret. The secrets are 256-bit random values, so a fast hash is enough: what the
 * database holds cannot be replayed, and there is nothing to brute-force.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
