import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { AuthError, type AuthErrorCode } from '../auth/AuthError.ts';
import { JobQueueError } from '../queue/JobQueueError.ts';
import { HttpError } from './HttpError.ts';
import { toHttpError } from './toHttpError.ts';

describe('toHttpError', () => {
  it.each<[AuthErrorCode, number | undefined]>([
    ['password-too-short', 422],
    ['password-too-long', 422],
    ['password-too-weak', 422],
    ['password-hashing-busy', 503],
    ['invalid-email', 422],
    ['invalid-display-name', 422],
    ['invalid-token-name', 422],
    ['invalid-token-scope', 422],
    ['invalid-token-expiry', 422],
    ['invalid-project-name', 422],
    ['invalid-role', 422],
    ['email-taken', 409],
    ['last-owner', 409],
    ['user-not-found', 404],
    ['project-not-found', 404],
    // server-side faults, not bad input: they stay 500s
    ['invalid-password-hash', undefined],
    ['unknown-action', undefined],
  ])('maps AuthError %s to %s, keeping code and message', (code, status) => {
    const mapped = toHttpError(new AuthError(code, `message for ${code}`));
    if (status === undefined) expect(mapped).toBeUndefined();
    else expect(mapped).toMatchObject({ status, code, message: `message for ${code}` });
  });

  it('maps JobQueueError codes', () => {
    expect(toHttpError(new JobQueueError('invalid-job', 'bad job'))).toMatchObject({ status: 422, code: 'invalid-job' });
    expect(toHttpError(new JobQueueError('invalid-cursor', 'bad cursor'))).toMatchObject({ status: 400, code: 'invalid-cursor' });
    expect(toHttpError(new JobQueueError('unknown-project', 'no project'))).toMatchObject({ status: 404, code: 'unknown-project' });
  });

  it("keeps HttpErrors and maps Hono's 4xx exceptions", () => {
    const error = new HttpError(415, 'unsupported-media-type', 'm');
    expect(toHttpError(error)).toBe(error);
    expect(toHttpError(new HTTPException(413, { message: 'too big' }))).toMatchObject({ status: 413, code: 'body-too-large', message: 'too big' });
    expect(toHttpError(new HTTPException(500, { message: 'x' }))).toBeUndefined();
  });

  it('answers a busy database with 503 and Retry-After', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(toHttpError(busy)).toMatchObject({ status: 503, code: 'database-busy', headers: { 'retry-after': '1' } });
  });

  it('answers a lost database with 503 database-unavailable, saying nothing of the server, however deep the error was wrapped', () => {
    const lost = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432 (postgres://verbatim@db/verbatim)'), { name: 'DatabaseError', code: 'database-unavailable' });
    for (const error of [lost, new Error('could not list the jobs', { cause: lost })]) {
      const http = toHttpError(error);
      expect(http).toMatchObject({ status: 503, code: 'database-unavailable', headers: { 'retry-after': '5' } });
      expect(http!.message).not.toMatch(/10\.0\.0\.5|postgres:|ECONNREFUSED/);
    }
    expect(toHttpError(Object.assign(new Error('x'), { code: 'open-failed' }))).toBeUndefined();
  });

  it('leaves anything else to the 500 handler', () => {
    expect(toHttpError(new TypeError('x is undefined'))).toBeUndefined();
    expect(toHttpError('a string')).toBeUndefined();
    expect(toHttpError(null)).toBeUndefined();
  });
});
