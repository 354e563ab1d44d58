import { ApiError } from '../platform/ApiClient.ts';
import type { ReviewRecord, ReviewRequest } from './reviewPayloads.ts';

/** How long to wait before each retry of a correction the server read ahead of its words (milliseconds). */
const RETRY_AFTER_MS = [200, 400, 800, 1600] as const;

/**
 * Records a review (`POST /api/transcripts/:id/reviews`). The document's changes travel over the room's WebSocket
 * and this request over HTTP, so a correction sent the moment it is typed can reach the server before its last
 * keystrokes have: the server then finds neither the text before nor the text after in the span (422
 * `review-text-mismatch`). Such a request is sent again a few times, later each time; any other answer stands.
 */
export async function postReview(
  post: (request: ReviewRequest) => Promise<ReviewRecord>,
  request: ReviewRequest,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<ReviewRecord> {
  for (const delay of RETRY_AFTER_MS) {
    try {
      return await post(request);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 422 && error.code === 'review-text-mismatch')) throw error;
      await wait(delay);
    }
  }
  return post(request);
}
