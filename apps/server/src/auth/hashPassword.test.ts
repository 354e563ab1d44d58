import { describe, expect, it } from 'vitest';
import { AuthError } from './AuthError.ts';
import { DEFAULT_PASSWORD_HASH_PARAMS, hashPassword, needsRehash, unmatchableHash, verifyPassword } from './hashPassword.ts';
import { PASSWORD_MAX_LENGTH } from './passwordPolicy.ts';

const CHEAP = { logN: 10, r: 8, p: 1 };

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('hashPassword / verifyPassword', () => {
  it('round-trips with the default parameters and rejects a wrong password', async () => {
    const encoded = await hashPassword('correct horse battery staple');
    expect(encoded).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword('correct horse battery staple', encoded)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', encoded)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', encoded)).toBe(false);
  });

  it('salts every hash, so equal passwords give different strings', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here', CHEAP), hashPassword('same password here', CHEAP)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password here', b)).toBe(true);
  });

  it('treats composed and decomposed accents as the same password', async () => {
    const encoded = await hashPassword('caf\u00e9 au lait s\u00fcss', CHEAP);
    expect(await verifyPassword('cafe\u0301 au lait su\u0308ss', encoded)).toBe(true);
  });

  it('refuses passwords under 10 or over 1024 characters with a typed error', async () => {
    const short = await rejection(hashPassword('123456789', CHEAP));
    expect(short.code).toBe('password-too-short');
    expect(short.message).toContain('at least 10');
    const long = await rejection(hashPassword('x'.repeat(PASSWORD_MAX_LENGTH + 1), CHEAP));
    expect(long.code).toBe('password-too-long');
    // limits count characters, not UTF-16 units: ten emoji are ten characters
    expect(await verifyPassword('😀'.repeat(10), await hashPassword('😀'.repeat(10), CHEAP))).toBe(true);
    await hashPassword('x'.repeat(PASSWORD_MAX_LENGTH), CHEAP);
  });

  it('answers false for an over-long password at login instead of hashing it', async () => {
    const encoded = await hashPassword('a reasonable password', CHEAP);
    expect(await verifyPassword('y'.repeat(1_000_000), encoded)).toBe(false);
  });

  it('refuses a stored hash it did not write', async () => {
    for (const bad of ['', 'plain text', '$argon2id$v=19$m=65536,t=3,p=4$abc$def', '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const error = await rejection(verifyPassword('whatever password', bad));
      expect(error.code).toBe('invalid-password-hash');
    }
  });

  it('says when a hash was made with other parameters', async () => {
    const cheap = await hashPassword('to be upgraded later', CHEAP);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(cheap, CHEAP)).toBe(false);
    expect(needsRehash(await hashPassword('already current', DEFAULT_PASSWORD_HASH_PARAMS))).toBe(false);
  });

  it('makes decoy hashes that have the real cost and match nothing', async () => {
    const decoy = unmatchableHash();
    expect(decoy.startsWith('$scrypt$ln=15,r=8,p=1$')).toBe(true);
    expect(needsRehash(decoy)).toBe(false);
    expect(await verifyPassword('', decoy)).toBe(false);
    expect(await verifyPassword('any password at all', decoy)).toBe(false);
  });
});
