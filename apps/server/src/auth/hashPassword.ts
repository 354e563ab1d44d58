import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AuthError } from './AuthError.ts';
import { checkPasswordLength, passwordLength, PASSWORD_MAX_LENGTH } from './passwordPolicy.ts';

/** scrypt cost parameters; `logN` is log2 of the CPU/memory cost N. */
export interface PasswordHashParams {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/** N = 2^15, r = 8, p = 1: about 32 MiB and tens of milliseconds per hash (OWASP's scrypt baseline). */
export const DEFAULT_PASSWORD_HASH_PARAMS: PasswordHashParams = Object.freeze({ logN: 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds for parameters read back from the database, so a corrupt row cannot ask for gigabytes.
const LIMITS = { logN: [10, 20], r: [1, 32], p: [1, 16] } as const;
const ENCODED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,88})\$([A-Za-z0-9+/]{22,88})$/;

interface DecodedHash {
  params: PasswordHashParams;
  salt: Buffer;
  key: Buffer;
}

/**
 * Hashes a new password with scrypt and a fresh random salt, off the main thread (libuv pool).
 * The result is a self-describing PHC-style string, `$scrypt$ln=15,r=8,p=1$<salt>$<key>`, so the cost can be
 * raised later without invalidating stored hashes (see {@link needsRehash}).
 * Throws {@link AuthError} `password-too-short` / `password-too-long` for passwords outside the length limits.
 *
 * @example
 * const stored = await hashPassword('correct horse battery staple');
 * await verifyPassword('correct horse battery staple', stored); // true
 */
export async function hashPassword(
  password: string,
  params: PasswordHashParams = DEFAULT_PASSWORD_HASH_PARAMS,
): Promise<string> {
  // strength depends on whose password it is: the account store checks it, this only bounds the work
  checkPasswordLength(password);
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, params, KEY_BYTES);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

/**
 * Checks `password` against a string made by {@link hashPassword}, in constant time over the derived key.
 * Returns false (without hashing) for a password over the length limit. Throws {@link AuthError}
 * `invalid-password-hash` when `encoded` is not a hash this module wrote: that is corrupt data, not a wrong password.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const stored = decode(encoded);
  if (typeof password !== 'string' || passwordLength(password) > PASSWORD_MAX_LENGTH) return false;
  const key = await deriveKey(password, stored.salt, stored.params, stored.key.length);
  return timingSafeEqual(key, stored.key);
}

/** True when `encoded` was made with other cost parameters than `params`, so it should be re-hashed at next login. */
export function needsRehash(encoded: string, params: PasswordHashParams = DEFAULT_PASSWORD_HASH_PARAMS): boolean {
  const stored = decode(encoded).params;
  return stored.logN !== params.logN || stored.r !== params.r || stored.p !== params.p;
}

/**
 * A well-formed hash of no password at all, with the given cost: verifying anything against it costs exactly
 * what a real check costs and always fails. Used so that an unknown account takes as long as a wrong password.
 */
export function unmatchableHash(params: PasswordHashParams = DEFAULT_PASSWORD_HASH_PARAMS): string {
  checkParams(params);
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${b64(randomBytes(SALT_BYTES))}$${b64(randomBytes(KEY_BYTES))}`;
}

function decode(encoded: string): DecodedHash {
  const match = typeof encoded === 'string' ? ENCODED.exec(encoded) : null;
  if (match === null) {
    throw new AuthError('invalid-password-hash', 'The stored password hash is not in a format this server understands.');
  }
  const params = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  checkParams(params);
  return { params, salt: Buffer.from(match[4]!, 'base64'), key: Buffer.from(match[5]!, 'base64') };
}

function checkParams(params: PasswordHashParams): void {
  for (const name of ['logN', 'r', 'p'] as const) {
    const value = params[name];
    const [min, max] = LIMITS[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new AuthError('invalid-password-hash', `The scrypt parameter ${name} = ${value} is outside ${min}..${max}.`);
    }
  }
}

function deriveKey(password: string, salt: Buffer, params: PasswordHashParams, length: number): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * params.r * (N + params.p + 2) + 1024 * 1024 };
  // NFC so the same password typed on different systems (composed vs decomposed accents) matches.
  const normalized = password.normalize('NFC');
  return new Promise((resolve, reject) => {
    scrypt(normalized, salt, length, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
