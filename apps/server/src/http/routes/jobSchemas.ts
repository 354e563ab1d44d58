import { z } from 'zod';

/** `POST /api/projects/:id/jobs`: transcribe one uploaded file of the project. */
export const CreateJobBody = z.strictObject({ mediaId: z.uuid() });

/** Query of `GET /api/projects/:id/jobs`. */
export const ListJobsQueryJson = z.strictObject({
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(20).optional(),
});
