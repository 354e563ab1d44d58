import { describe, expect, it } from 'vitest';
import type { JobJson } from './ApiJson.ts';
import { jobMediaId, jobTranscriptId } from './jobPayload.ts';

const job = (payload: unknown, result: unknown): JobJson => ({
  id: 'j',
  projectId: 'p',
  kind: 'transcribe',
  payload,
  state: 'succeeded',
  attempts: 1,
  maxAttempts: 3,
  runAfter: 0,
  leaseOwner: null,
  leaseExpiresAt: null,
  cancelRequested: false,
  progress: 1,
  error: null,
  result,
  createdAt: 1,
  updatedAt: 2,
  startedAt: 1,
  finishedAt: 2,
});

describe('jobMediaId and jobTranscriptId', () => {
  it("read a transcription job's payload and result", () => {
    const done = job({ mediaId: 'm', lm: 'adapted' }, { transcriptId: 't', lm: 'adapted' });
    expect(jobMediaId(done)).toBe('m');
    expect(jobTranscriptId(done)).toBe('t');
  });

  it('are undefined for a job without them, or with something else in their place', () => {
    expect(jobMediaId(job(null, null))).toBeUndefined();
    expect(jobTranscriptId(job(null, null))).toBeUndefined();
    expect(jobMediaId(job({ mediaId: 7 }, 'done'))).toBeUndefined();
    expect(jobTranscriptId(job({}, { transcriptId: ['t'] }))).toBeUndefined();
  });
});
