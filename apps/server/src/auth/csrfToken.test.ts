import { describe, expect, it } from 'vitest';
import { csrfTokenFor, verifyCsrfToken } from './csrfToken.ts';
import { randomToken } from './randomToken.ts';

const session = { id: 'a'.repeat(64), csrfSecret: randomToken(32) };

describe('CSRF tokens', () => {
  it('verifies the token derived for the same session, every time', () => {
    const token = csrfTokenFor(session);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfTokenFor({ ...session })).toBe(token);
    expect(verifyCsrfToken(session, token)).toBe(true);
  });

  it('rejects a token from another session, even one sharing the secret or the id', () => {
    const token = csrfTokenFor(session);
    expect(verifyCsrfToken({ id: 'b'.repeat(64), csrfSecret: session.csrfSecret }, token)).toBe(false);
    expect(verifyCsrfToken({ id: session.id, csrfSecret: randomToken(32) }, token)).toBe(false);
  });

  it('rejects missing, truncated, altered and over-long tokens', () => {
    const token = csrfTokenFor(session);
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    for (const bad of [undefined, null, '', token.slice(0, -1), flipped, token + 'x', token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()]) {
      expect(verifyCsrfToken(session, bad)).toBe(false);
    }
  });
});
