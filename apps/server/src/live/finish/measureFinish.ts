// How long finishing a live session takes for a long talk: the raw recording → WAV → media (upload checks, decode for
// duration and peaks) → transcript of its finals. Run: node apps/server/src/live/finish/measureFinish.ts [minutes]
// (default 30). Prints one JSON line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptionJson } from '@verbatim/core/api';
import type { ServerConfig } from '../../config/ServerConfig.ts';
import { createServerContext } from '../../http/createServerContext.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';
import { liveRecordingDir, liveRecordingPath, liveRecordingRoot } from '../liveRecordingPath.ts';
import { finishLiveSession } from './finishLiveSession.ts';

const minutes = Number(process.argv[2] ?? 30);
const RATE = 16_000;
const dir = mkdtempSync(join(tmpdir(), 'vwb-measure-finish-'));
const context = createServerContext({ dataDir: join(dir, 'data'), uploadLimitBytes: 1024 ** 3 } as ServerConfig, { logger: { info: () => {}, warn: () => {}, error: () => {} } });
try {
  const user = await context.accounts.createUser({ email: 'op@example.org', password: 'operator password 1', displayName: 'Op', isAdmin: false });
  const projectId = context.projects.createProject('Conference', user.id).id;
  const store = new LiveSessionStore(context.db);
  const session = store.create({ projectId, title: 'Long talk', createdBy: user.id, model: { id: 'm', version: '1', sha256: 'ab'.repeat(32) }, sampleRate: RATE });
  // speech-like level noise, written a minute at a time; a final of 12 words every 4 s
  mkdirSync(liveRecordingDir(liveRecordingRoot(context.config)), { recursive: true });
  const path = liveRecordingPath(liveRecordingRoot(context.config), session.id);
  const minute = Buffer.alloc(RATE * 60 * 2);
  for (let i = 0; i < RATE * 60; i += 1) minute.writeInt16LE(Math.round((Math.random() - 0.5) * 6000 * (1 + Math.sin(i / 800))), i * 2);
  writeFileSync(path, '');
  for (let m = 0; m < minutes; m += 1) writeFileSync(path, minute, { flag: 'a' });
  const finals = Math.floor((minutes * 60) / 4);
  for (let seq = 0; seq < finals; seq += 1) {
    const words = Array.from({ length: 12 }, (_, w) => ({ text: `word${w}`, startMs: seq * 4000 + w * 300, endMs: seq * 4000 + w * 300 + 250, confidence: 0.9 }));
    store.appendFinal(session.id, { seq, final: true, text: words.map((w) => w.text).join(' '), startMs: seq * 4000, endMs: seq * 4000 + 3550, words } satisfies CaptionJson);
  }
  store.transition(session.id, 'live', 'stopping');
  const cpu = process.cpuUsage();
  const started = performance.now();
  const finished = await finishLiveSession(context, session.id, { retranscribe: false });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (finished.state !== 'ended') throw new Error(`finishing failed: ${finished.error}`);
  console.log(JSON.stringify({ audioMinutes: minutes, finals, finishWallSeconds: +(wallMs / 1000).toFixed(2), mainThreadCpuSeconds: +((used.user + used.system) / 1e6).toFixed(2), secondsPerAudioHour: +((wallMs / 1000) * (60 / minutes)).toFixed(1) }));
} finally {
  context.dispose();
  rmSync(dir, { recursive: true, force: true });
}
