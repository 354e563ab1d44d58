import { OpenAPIHono } from '@hono/zod-openapi';
import { ReviewError } from '../../reviews/ReviewError.ts';
import { CreateReviewBody, ReviewJson, ReviewListQueryJson, ReviewListResponse, toReviewJson } from '../../reviews/reviewSchemas.ts';
import { ReviewStore } from '../../reviews/ReviewStore.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import type { AppDeps } from '../AppDeps.ts';
import type { AppEnv, RequestAuth } from '../AppEnv.ts';
import { authorizeTranscript, transcriptNotFound } from '../authorizeTranscript.ts';
import { HttpError } from '../HttpError.ts';
import { requireAuth } from '../middleware/requireAuth.ts';
import { readIdParam } from '../readIdParam.ts';
import { readJson } from '../readJson.ts';
import { apiRoute, serveRoute } from '../openapi/apiRoute.ts';

const createReviewRoute = apiRoute({
  id: 'createReview', method: 'post', path: '/{id}/reviews', tag: 'review', auth: true, body: CreateReviewBody,
  errors: [400, 403, 404, 413, 415, 422],
  errorText: {
    422:
      "invalid-body; word-not-found: no word of the transcript's current text has this span (an accept names one word from exactly start to end; a correction the words lying from start to end, or, for a deletion (empty after), a span where the recogniser heard words); review-text-mismatch: an accept whose before and after are not both the word's text, or a correction that changes nothing or whose before and after both differ from the text in its span.",
  },
  summary:
    "Record the review of a word of the transcript's current text: accept it (reviewers and above) or correct it (editors and above; one word or several, an empty after for a deletion). Stores the reviewer, the time, the word's span as the document has it and the transcript's model version; the word's review mark itself is set in the document. One decision per word and action: a repeat returns the review already recorded, unchanged, and a withdrawn one (an undo) stands again as the caller's (a redo).",
  success: {
    status: 200,
    alsoStatus: 201,
    schema: ReviewJson,
    description: 'The recorded review: 201 when recorded now, 200 when the word already had a review with this action (that one is returned; standing again if it had been withdrawn).',
  },
});

const withdrawReviewRoute = apiRoute({
  id: 'withdrawReview', method: 'delete', path: '/{id}/reviews/{reviewId}', tag: 'review', auth: true, errors: [400, 404],
  errorText: {
    403: 'insufficient-role: withdrawing an accept needs reviewer, a correction editor or above; not-your-review: only its reviewer or a project owner withdraws a review.',
    404: 'Unknown transcript or not a member (transcript-not-found), or no such review of this transcript (review-not-found).',
  },
  summary:
    'Withdraw a review (the editor undid its decision): it stays on record with withdrawnAt and counts for nothing until the same decision is recorded again (POST, a redo). Withdrawing a withdrawn review changes nothing.',
  success: { status: 200, schema: ReviewJson, description: 'The review, withdrawn.' },
});

const listReviewsRoute = apiRoute({
  id: 'listReviews', method: 'get', path: '/{id}/reviews', tag: 'review', auth: true, errors: [400, 404],
  query: {
    withdrawn: { schema: ReviewListQueryJson.shape.withdrawn, description: 'include: list withdrawn reviews too; exclude (default): only the standing ones.' },
  },
  summary: "A transcript's standing reviews, oldest first (any member); ?withdrawn=include adds the withdrawn ones.",
  success: { status: 200, schema: ReviewListResponse, description: 'The reviews.' },
});

/**
 * The reviews of a transcript's flagged words, mounted at `/api/transcripts`: `POST /:id/reviews` records one
 * (`accept`: reviewers and above; `correct`: editors and above) of a real word of the current document: 201 with the
 * new review, or 200 with the earlier one when the word already has a review with this action (a withdrawn one
 * stands again: a redo); `DELETE /:id/reviews/:reviewId` withdraws one (an undo: its author, or an owner);
 * `GET /:id/reviews` lists the standing ones, oldest first (any member; `?withdrawn=include` adds the withdrawn). The
 * review marks themselves live in the document; these records are what quality is measured from.
 */
export function reviewRoutes(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { projects } = deps;
  const transcripts = new TranscriptStore(deps.db);
  const reviews = new ReviewStore(deps.db, { ...(deps.now && { now: deps.now }), ...(deps.liveDocument && { liveDocument: deps.liveDocument }) });
  const routes = new OpenAPIHono<AppEnv>();
  routes.use(requireAuth());

  serveRoute(routes, createReviewRoute, async (c) => {
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

  serveRoute(routes, withdrawReviewRoute, (c) => {
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

  serveRoute(routes, listReviewsRoute, (c) => {
    const { record } = authorizeTranscript(c, projects, transcripts, 'transcript.read');
    const parsed = ReviewListQueryJson.safeParse(c.req.query());
    if (!parsed.success) throw new HttpError(400, 'invalid-query', 'Use ?withdrawn=include to list withdrawn reviews too (or ?withdrawn=exclude, the default).');
    return c.json({ reviews: reviews.list(record.id, { withdrawn: parsed.data.withdrawn === 'include' }).map(toReviewJson) });
  });

  return routes;
}
