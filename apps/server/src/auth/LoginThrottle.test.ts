import { describe, expect, it } from 'vitest';
import { addressBlock, LoginThrottle, type LoginAttempt } from './LoginThrottle.ts';

describe('LoginThrottle', () => {
  it('counts an attempt from its admission, so a burst of simultaneous guesses gets only the free ones through', async () => {
    const throttle = new LoginThrottle();
    const admissions = await Promise.all(Array.from({ length: 50 }, () => throttle.admit('ada@example.org', '203.0.113.7')));
    expect(admissions.filter((a) => a.admitted)).toHaveLength(5);
    expect(admissions.filter((a) => !a.admitted).every((a) => !a.admitted && a.reason === 'account-and-address' && a.retryAfterSeconds === 1)).toBe(true);
  });

  it('doubles the wait with each failure past the free ones, up to the cap, and forgets it all on a success', async () => {
    const throttle = new LoginThrottle({ freeFailures: 2, firstDelaySeconds: 0.05, maxDelaySeconds: 0.2 });
    const waits: number[] = [];
    let last: LoginAttempt | undefined;
    for (let i = 0; i < 8; i++) {
      const started = Date.now();
      for (;;) {
        const admission = await throttle.admit(' Ada@Example.org', '203.0.113.7');
        if (admission.admitted) {
          last = admission.attempt;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      waits.push(Date.now() - started);
    }
    // failures 1 and 2 are free; then 50, 100, 200, 200 … ms (the cap; uncapped the last would be 1600)
    expect(waits.slice(0, 2).every((ms) => ms < 40)).toBe(true);
    expect(waits[2]).toBeGreaterThanOrEqual(40);
    expect(waits[4]).toBeGreaterThanOrEqual(150);
    expect(Math.max(...waits)).toBeLessThan(800);
    await last!.succeeded();
    expect((await throttle.admit('ada@example.org', '203.0.113.7')).admitted).toBe(true);
    expect((await throttle.admit('ada@example.org', '203.0.113.7')).admitted).toBe(true);
  });

  it('counts every spelling of one address as one account', async () => {
    const throttle = new LoginThrottle({ freeFailures: 2 });
    const composed = 'ren\u00e9@example.org';
    const decomposed = 'rene\u0301@example.org';
    expect((await throttle.admit(composed, '203.0.113.7')).admitted).toBe(true);
    expect((await throttle.admit(` ${decomposed.toUpperCase()} `, '203.0.113.7')).admitted).toBe(true);
    expect(await throttle.admit(composed, '203.0.113.7')).toMatchObject({ admitted: false, reason: 'account-and-address' });
  });

  it('does not count an attempt that was withdrawn before its password was checked', async () => {
    const throttle = new LoginThrottle({ freeFailures: 1 });
    for (let i = 0; i < 5; i++) {
      const admission = await throttle.admit('ada@example.org', '203.0.113.7');
      expect(admission.admitted).toBe(true);
      if (admission.admitted) await admission.attempt.withdrawn();
    }
  });

  it('counts IPv6 addresses by their /64 and IPv4-mapped ones as IPv4', () => {
    expect(addressBlock('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressBlock('::1')).toBe('0:0:0:0::/64');
    expect(addressBlock('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressBlock('203.0.113.7')).toBe('203.0.113.7');
  });
});
