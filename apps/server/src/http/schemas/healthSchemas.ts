import { z } from 'zod';

/** `GET /healthz`: the process is up. */
export const HealthResponse = z.object({ status: z.literal('ok') });

/** One readiness check. */
export const ReadinessCheck = z.object({ ok: z.boolean(), message: z.string() });

/** `GET /readyz`: 200 when every check passes, 503 otherwise. */
export const ReadinessResponse = z.object({
  status: z.enum(['ready', 'not-ready']),
  checks: z.object({ database: ReadinessCheck, model: ReadinessCheck }),
});
