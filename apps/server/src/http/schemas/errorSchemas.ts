import { z } from 'zod';

/** The body of every error response (see `errorBody`). */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string().describe('Stable, machine-readable, e.g. "invalid-body" or "project-not-found".'),
    message: z.string().describe('What was wrong, for the person who sent the request.'),
  }),
});
