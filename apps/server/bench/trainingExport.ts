// Measures a training export of one long verified recording through the real server: wall time, throughput (audio
// seconds exported per second) and the process's peak RSS against the size the decoded recording would take whole.
// Run: node apps/server/bench/trainingExport.ts [minutes=30]   (needs espeak-ng and sox)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TranscriptStore } from '../src/transcripts/TranscriptStore.ts';
import { DocumentStore } from '../src/yjs/DocumentStore.ts';
import { bearer, startTestServer } from '../test/testServer.ts';

const minutes = Number(process.argv[2] ?? 30);
const dir = mkdtempSync(join(tmpdir(), 'vwb-training-bench-'));
const server = await startTestServer({ modelDir: resolve(import.meta.dirname, '../../../models/verbatim-en-char-v1') });
try {
  const sentence = 'the nurse wrote the blood pressure on a chart beside the bed and then went to see the next patient on the ward';
  execFileSync('espeak-ng', ['-w', join(dir, 'one.wav'), sentence]);
  const clip = Number(execFileSync('soxi', ['-D', join(dir, 'one.wav')], { encoding: 'utf8' }));
  const repeats = Math.ceil((minutes * 60) / clip);
  execFileSync('sox', [join(dir, 'one.wav'), join(dir, 'long.wav'), 'repeat', String(repeats - 1)]);
  const owner = await server.createUser('owner');
  const project = server.projects.createProject('Bench', owner.user.id);
  const form = new FormData();
  form.append('file', new Blob([readFileSync(join(dir, 'long.wav'))]), 'long.wav');
  const uploaded = await server.fetch(`/api/projects/${project.id}/media`, { method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: form });
  const media = ((await uploaded.json()) as { media: Array<{ id: string; durationSeconds: number }> }).media[0]!;
  const words = sentence.split(' ');
  const perClip = clip / words.length;
  const segments = Array.from({ length: repeats }, (_, r) => ({
    speaker: r % 2 === 0 ? 'Nurse' : 'Doctor',
    start: r * clip,
    end: (r + 1) * clip,
    words: words.map((text, w) => ({ text, start: r * clip + w * perClip + 0.01, end: r * clip + (w + 1) * perClip - 0.01, confidence: 0.9 })),
  }));
  const transcriptId = new TranscriptStore(server.db, { documents: new DocumentStore(server.db) }).create({ projectId: project.id, mediaId: media.id, model: { id: 'm', version: '1', sha256: 'ab'.repeat(32) }, segments }).id;
  await server.fetch(`/api/transcripts/${transcriptId}/verified-spans`, { method: 'POST', headers: bearer(owner.token), body: JSON.stringify({ scope: 'transcript' }) });
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const response = await server.fetch(`/api/projects/${project.id}/training-export`, { headers: bearer(owner.token) });
  let bytes = 0;
  let peak = before;
  for await (const chunk of response.body!) {
    bytes += chunk.byteLength;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
  console.log(
    JSON.stringify({
      recordingMinutes: +(media.durationSeconds / 60).toFixed(1),
      segments: Number(response.headers.get('x-verbatim-segments')),
      tarBytes: mib(bytes),
      wallSeconds: +seconds.toFixed(1),
      audioSecondsPerSecond: +(media.durationSeconds / seconds).toFixed(0),
      rssBefore: mib(before),
      rssPeak: mib(peak),
      rssGrowth: mib(peak - before),
      decodedRecordingWouldBe: mib(media.durationSeconds * 16000 * 4),
    }),
  );
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
