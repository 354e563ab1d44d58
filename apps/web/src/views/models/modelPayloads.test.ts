import { describe, expect, it } from 'vitest';
import { installBody, installFraction, isInstallFinished, promoteBody, rerunBody } from './modelPayloads.ts';

describe('installBody', () => {
  it('keeps the URL and lower-cases the sha256; leaves out what was not typed', () => {
    const sha = 'AB'.repeat(32);
    expect(installBody({ url: ' https://example.org/m.tar.bz2 ', sha256: sha, id: '', version: ' 2.0 ' })).toEqual({
      url: 'https://example.org/m.tar.bz2',
      sha256: 'ab'.repeat(32),
      version: '2.0',
    });
  });

  it('refuses what is not a URL, another scheme, or a short hash', () => {
    expect(() => installBody({ url: 'models/x', sha256: '', id: '', version: '' })).toThrow(/full URL/);
    expect(() => installBody({ url: 'file:///etc/passwd', sha256: '', id: '', version: '' })).toThrow(/https/);
    expect(() => installBody({ url: 'https://x.org/a', sha256: 'abc', id: '', version: '' })).toThrow(/64 hexadecimal/);
  });
});

describe('promoteBody', () => {
  it('needs a reason', () => {
    expect(() => promoteBody({ reason: '  ' })).toThrow(/why/);
  });

  it('turns a margin in WER points into a fraction, only with a comparison', () => {
    expect(promoteBody({ reason: 'better', comparisonId: 'c1', margin: '0.5' })).toEqual({ reason: 'better', comparisonId: 'c1', maxWerIncrease: 0.005 });
    expect(promoteBody({ reason: 'better', margin: '0.5' })).toEqual({ reason: 'better' });
    expect(promoteBody({ reason: 'better', comparisonId: 'c1', margin: '' })).toEqual({ reason: 'better', comparisonId: 'c1' });
    expect(() => promoteBody({ reason: 'x', comparisonId: 'c1', margin: 'lots' })).toThrow(/percentage points/);
  });

  it('promotes within a project when given one', () => {
    expect(promoteBody({ reason: 'r', projectId: 'p' })).toEqual({ reason: 'r', projectId: 'p' });
  });
});

describe('rerunBody', () => {
  it('starts at local midnight of the date', () => {
    expect(rerunBody('m@2.1.0', '2026-12-01', 'n@3')).toEqual({ fromModel: 'm@2.1.0', since: new Date(2026, 11, 1).getTime(), model: 'n@3' });
    expect(rerunBody('m@2.1.0', '')).toEqual({ fromModel: 'm@2.1.0' });
  });

  it('refuses no model and a malformed date', () => {
    expect(() => rerunBody('', '')).toThrow(/Choose/);
    expect(() => rerunBody('m@1', '1/12/2026')).toThrow(/YYYY-MM-DD/);
  });
});

describe('installFraction', () => {
  it('is the share received, unknown without a size, and whole once installed', () => {
    expect(installFraction({ state: 'downloading', receivedBytes: 25, totalBytes: 100 })).toBe(0.25);
    expect(installFraction({ state: 'downloading', receivedBytes: 25, totalBytes: null })).toBeUndefined();
    expect(installFraction({ state: 'installed', receivedBytes: 0, totalBytes: null })).toBe(1);
    expect(isInstallFinished({ state: 'verifying' })).toBe(false);
    expect(isInstallFinished({ state: 'cancelled' })).toBe(true);
  });
});
