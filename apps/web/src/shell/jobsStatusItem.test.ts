import { describe, expect, it } from 'vitest';
import type { JobJson } from './ApiJson.ts';
import { jobsStatusItem } from './jobsStatusItem.ts';
import type { UploadItem } from './UploadService.ts';

const upload = (id: number, state: UploadItem['state'], extra: Partial<UploadItem> = {}): UploadItem => ({ id, projectId: 'p', fileName: `f${id}.wav`, bytes: 1, state, progress: 0, ...extra });
const job = (id: string, state: JobJson['state'], progress: number): JobJson => ({
  id,
  projectId: 'p',
  kind: 'transcribe',
  payload: null,
  state,
  attempts: 1,
  maxAttempts: 3,
  runAfter: 0,
  leaseOwner: null,
  leaseExpiresAt: null,
  cancelRequested: false,
  progress,
  error: null,
  result: null,
  createdAt: 1,
  updatedAt: 1,
  startedAt: null,
  finishedAt: null,
});

describe('jobsStatusItem', () => {
  it('says No jobs only when nothing is uploading, queued or running', () => {
    expect(jobsStatusItem([], []).text).toBe('✓ No jobs');
    expect(jobsStatusItem([upload(1, 'succeeded'), upload(2, 'failed')], []).text).toBe('✓ No jobs');
  });

  it('counts an upload the list shows as queued before its job is followed', () => {
    expect(jobsStatusItem([upload(1, 'queued')], []).text).toBe('⟳ 1 job 0%');
    expect(jobsStatusItem([upload(1, 'queued', { jobId: 'j1' })], []).text).toBe('⟳ 1 job 0%');
  });

  it('counts each job once, whether the upload list, the job stream or both know it', () => {
    const item = jobsStatusItem([upload(1, 'running', { jobId: 'j1', progress: 0.5 }), upload(2, 'uploading'), upload(3, 'queued', { jobId: 'j3' })], [job('j1', 'running', 0.5), job('j9', 'queued', 0)]);
    expect(item.text).toBe('↑ 1 uploading · ⟳ 3 jobs 17%');
    expect(item.title).toBe('running 50%\nqueued 0%\nf3.wav: queued 0%');
  });
});
