import { describe, expect, it } from 'vitest';
import { ApiError } from '../platform/ApiClient.ts';
import { postReview } from './postReview.ts';
import type { ReviewRecord, ReviewRequest } from './reviewPayloads.ts';

const request: ReviewRequest = { action: 'correct', start: 0.72, end: 1.2, before: 'started', after: 'kilimanjaro', confidence: 0.4 };
const record = { ...request, id: 'r1', transcriptId: 't', userId: 'u', createdAt: 0, withdrawnAt: null } satisfies ReviewRecord;

describe('postReview', () => {
  it('sends a correction again, later each time, while the server has not read its words yet', async () => {
    const waits: number[] = [];
    let calls = 0;
    const post = async () => {
      calls++;
      if (calls < 3) throw new ApiError(422, 'review-text-mismatch', 'The words read "ki"');
      return record;
    };
    expect(await postReview(post, request, async (ms) => void waits.push(ms))).toBe(record);
    expect(waits).toEqual([200, 400]);
  });

  it('gives up after the last retry, and never retries another refusal', async () => {
    const waits: number[] = [];
    const mismatch = postReview(async () => Promise.reject(new ApiError(422, 'review-text-mismatch', 'no')), request, async (ms) => void waits.push(ms));
    await expect(mismatch).rejects.toThrow('no');
    expect(waits).toEqual([200, 400, 800, 1600]);
    let calls = 0;
    const refused = postReview(async () => (calls++, Promise.reject(new ApiError(403, 'forbidden', 'not yours'))), request, async () => {});
    await expect(refused).rejects.toThrow('not yours');
    expect(calls).toBe(1);
  });
});
