// What the browser tests start from: speech rendered by espeak-ng, uploaded and transcribed through the real API.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ApiSession } from './ApiSession.ts';

/** Speaks `text` into `dir/<name>.wav` with espeak-ng (US English, 150 wpm). */
export function renderWav(dir: string, name: string, text: string): string {
  const path = join(dir, `${name}.wav`);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', path, text]);
  return path;
}

export interface Job {
  id: string;
  state: string;
  error: string | null;
  result: { transcriptId: string } | null;
}

/** Uploads a file to a project and returns its media id. */
export async function upload(api: ApiSession, projectId: string, path: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(path)]), basename(path));
  const res = await api.call<{ media: { id: string }[] }>('POST', `/api/projects/${projectId}/media`, form);
  return res.media[0]!.id;
}

/** Queues a transcription of `mediaId` and waits for its transcript id. */
export async function transcribe(api: ApiSession, projectId: string, mediaId: string, timeoutMs = 90_000): Promise<string> {
  const job = await api.call<Job>('POST', `/api/projects/${projectId}/jobs`, { mediaId });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const j = await api.call<Job>('GET', `/api/jobs/${job.id}`);
    if (j.state === 'succeeded') return j.result!.transcriptId;
    if (j.state === 'failed' || j.state === 'cancelled') throw new Error(`job ${j.id} ${j.state}: ${j.error}`);
    if (Date.now() > deadline) throw new Error(`job ${j.id} still ${j.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
