import { Hono } from 'hono';
import { ReviewError } from '../../reviews/ReviewError.ts';
import { CreateReviewBody, ReviewListQueryJson, toReviewJson } from '../../reviews/reviewSchemas.ts';
import { ReviewStore } from '../../reviews/ReviewStore.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeTranscript, transcriptNotFound } from '../authorizeTranscript.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';

/**
 * The reviews of a transcript's flagged words, mounted at `/api/transcripts`: `POST /:id/reviews` records one
 * (`accept`: reviewers and above; `correct`: editors and above) of a real word of the current document: 201 with the
 * new review, or 200 with the earlier one when the word already has a review with this action (a withdrawn one
 * stands again: a redo); `DELETE /:id/reviews/:reviewId` withdraws one (an undo: its author, or an owner);
 * `GET /:id/reviews` lists the standing ones, oldest first (any member; `?withdrawn=include` adds the withdrawn). The
 * review marks themselves live in the document; these records are what quality is measured from.
 */
export function reviewRoutes(deps: AppDeps): Hono<AppEnv> {
  const { projects } = deps;
  const transcripts = new TranscriptStore(deps.db);
  const reviews = new ReviewStore(deps.db, { ...(deps.now && { now: deps.now }), ...(deps.liveDocument && { liveDocument: deps.liveDocument }) });
  const routes = new Hono<AppEnv>();
  routes.use(requireAuth());

  routes.post('/:id/reviews', async (c) => {
    // the least any review needs, before the body is read, so a viewer learns nothing from validation
    const { record } = authorizeTranscript(c, projects, transcripts, 'transcript.review');
    const body = await readJson(c, CreateReviewBody);
    if (body.action === 'correct') authorizeTranscript(c, projects, transcripts, 'transcript.edit');
    const { user } = c.get('auth') as RequestAuth;
    try {
      const { review, created } = reviews.add({ transcriptId: record.id, userId: user.id, ...body });
      return c.json(toReviewJson(review), created ? 201 : 200);
    } catch (error) {
      if (error instanceof ReviewError && error.code === 'transcript-not-found') throw transcriptNotFound(record.id);
      if (error instanceof ReviewError) throw new HttpError(422, error.code, error.message, { cause: error });
      throw error;
    }
  });

  routes.delete('/:id/reviews/:reviewId', (c) => {
    const { record, role } = authorizeTranscript(c, projects, transcripts, 'transcript.review');
    const reviewId = readIdParam(c, 'reviewId', 'review');
    const review = reviews.get(record.id, reviewId);
    if (review === undefined) throw new HttpError(404, 'review-not-found', `Transcript ${record.id} has no review ${reviewId}.`);
    if (review.action === 'correct') authorizeTranscript(c, projects, transcripts, 'transcript.edit');
    const { user } = c.get('auth') as RequestAuth;
    if (review.userId !== user.id && role !== 'owner') {
      throw new HttpError(403, 'not-your-review', 'Only the reviewer who made a decision (or a project owner) can withdraw it.');
    }
    return c.json(toReviewJson(reviews.withdraw(record.id, reviewId, user.id)!));
  });

  routes.get('/:id/reviews', (c) => {
    const { record } = authorizeTranscript(c, projects, transcripts, 'transcript.read');
    const parsed = ReviewListQueryJson.safeParse(c.req.query());
    if (!parsed.success) throw new HttpError(400, 'invalid-query', 'Use ?withdrawn=include to list withdrawn reviews too (or ?withdrawn=exclude, the default).');
    return c.json({ reviews: reviews.list(record.id, { withdrawn: parsed.data.withdrawn === 'include' }).map(toReviewJson) });
  });

  return routes;
}
