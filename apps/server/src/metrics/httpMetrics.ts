import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../http/AppEnv.ts';
import type { ServerMetrics } from './ServerMetrics.ts';

/** Route label of requests no route answered (404s), so random paths cannot grow the label set. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Records every request's latency in `metrics` by method, route pattern and status. Register it first, so the
 * time covers the whole chain, error responses included.
 */
export function httpMetrics(metrics: ServerMetrics): MiddlewareHandler<AppEnv> {
  return async function httpMetricsMiddleware(c, next) {
    const start = performance.now();
    try {
      await next();
    } finally {
      // after next() the route index points at the last handler run: a wildcard there means only middleware matched
      const route = routePath(c);
      metrics.observeHttpRequest({
        method: c.req.method,
        route: route.includes('*') ? UNMATCHED_ROUTE : route,
        status: c.res.status,
        seconds: (performance.now() - start) / 1000,
      });
    }
  };
}
