import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/AppEnv.ts';
import { HttpError } from '../http/HttpError.ts';
import type { ServerMetrics } from './ServerMetrics.ts';
import { apiRoute, serveRoute } from '../http/openapi/apiRoute.ts';

const metricsRoute = apiRoute({
  id: 'metrics', method: 'get', path: '/metrics', tag: 'operations', auth: false, errors: [403],
  summary: 'Prometheus metrics; answered on loopback (not via a proxy) or to an administrator.',
  success: { status: 200, media: ['text/plain'], description: 'The Prometheus text exposition format (version 0.0.4).' },
});

/**
 * `GET /metrics`: the Prometheus text exposition of `metrics`. It is answered to
 * - a caller on the loopback interface whose request did not come through a proxy (no `x-forwarded-for` /
 *   `forwarded` header): Prometheus or an operator on the same host, and
 * - an instance administrator, by session cookie or API token (`authenticate` must run on `/metrics`), from anywhere.
 * Anyone else gets 403: queue sizes and route latencies are not for project members or the public.
 */
export function metricsRoutes(metrics: ServerMetrics): OpenAPIHono<AppEnv> {
  const routes = new OpenAPIHono<AppEnv>();
  serveRoute(routes, metricsRoute, async (c) => {
    const auth = c.get('auth');
    const proxied = c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined;
    const local = !proxied && isLoopback(remoteAddress(c.env));
    if (!local && auth?.principal.isAdmin !== true) {
      throw new HttpError(403, 'forbidden', 'Metrics are served to callers on this host (loopback) or to an administrator.');
    }
    return c.body(await metrics.render(), 200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  });
  return routes;
}

// @hono/node-server puts the Node request on the env; other runtimes (and app.request in tests) have none
function remoteAddress(env: unknown): string | undefined {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined)?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return typeof address === 'string' ? address : undefined;
}

/** Whether `address` is 127.0.0.0/8, ::1 or an IPv4-mapped loopback address. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
