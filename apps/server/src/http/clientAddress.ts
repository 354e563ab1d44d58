import { isIP } from 'node:net';
import type { Context } from 'hono';

/**
 * The address a request came from: the TCP peer, or behind `trustedProxies` reverse proxies (each appending the
 * address it was reached from to `X-Forwarded-For`) the entry the outermost trusted proxy wrote. Entries further left
 * are whatever the client claimed and are never used. Falls back to the peer when the header is missing or its entry
 * is not an IP address; `'unknown'` when there is no peer (requests made in-process).
 *
 * @example
 * clientAddress(c, 0); // '203.0.113.7', the socket's peer
 * clientAddress(c, 1); // with X-Forwarded-For: "1.2.3.4, 198.51.100.9" → '198.51.100.9'
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  const peer = peerAddress(c.env) ?? 'unknown';
  if (trustedProxies <= 0) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (forwarded.length === 0) return peer;
  const entry = forwarded[Math.max(0, forwarded.length - trustedProxies)]!;
  return isIP(entry) === 0 ? peer : entry;
}

// @hono/node-server puts the Node request on the env; app.request in tests has none
function peerAddress(env: unknown): string | undefined {
  const address = (env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined)?.incoming?.socket?.remoteAddress;
  return typeof address === 'string' ? address : undefined;
}
