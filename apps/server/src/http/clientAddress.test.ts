import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './clientAddress.ts';

// app.request passes the env through, as @hono/node-server passes the Node request
async function addressOf(trustedProxies: number, forwardedFor?: string): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(clientAddress(c, trustedProxies)));
  const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  const response = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: '10.0.0.2' } } });
  return response.text();
}

describe('clientAddress', () => {
  it('is the TCP peer unless proxies are trusted, whatever the client claims', async () => {
    expect(await addressOf(0)).toBe('10.0.0.2');
    expect(await addressOf(0, '1.2.3.4')).toBe('10.0.0.2');
  });

  it('takes the entry the outermost trusted proxy appended, never one further left', async () => {
    expect(await addressOf(1, '6.6.6.6, 198.51.100.9')).toBe('198.51.100.9');
    expect(await addressOf(2, '6.6.6.6, 198.51.100.9, 10.0.0.5')).toBe('198.51.100.9');
    expect(await addressOf(1, '2001:db8::1')).toBe('2001:db8::1');
    expect(await addressOf(1)).toBe('10.0.0.2');
    expect(await addressOf(1, 'not-an-address')).toBe('10.0.0.2');
  });
});
