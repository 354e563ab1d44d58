import { z } from 'zod';

/** `GET /api/openapi.json`: an OpenAPI 3.1 document (only its outline is described here). */
export const OpenApiDocumentJson = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  servers: z.array(z.looseObject({ url: z.string() })).optional(),
  components: z.looseObject({}),
  paths: z.record(z.string(), z.looseObject({})),
});
