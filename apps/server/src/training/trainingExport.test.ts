// Training export end to end against the real server, its SQLite file and real audio: espeak-ng recordings uploaded
// over HTTP, transcripts with known words, verified over the verified-spans API, exported as a tar that is read back
// and checked file by file (manifests, WAVs, report, export.json), with the permissions and the refusals.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Segment } from '@verbatim/core';
import type { ModelComparisonJson, TrainingExportInfoJson, TrainingExportRecordJson, TrainingExportReportJson, TrainingManifestLineJson } from '@verbatim/core/api';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../auth/ProjectStore.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { comparisonSet } from '../models/compare/comparisonSet.ts';
import { VerifiedSpanStore } from '../quality/VerifiedSpanStore.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { TEST_BUNDLE } from '../../test/modelStoreFixtures.ts';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';

interface Recording {
  name: string;
  /** What espeak-ng says. */
  spoken: string;
  /** The transcript's words (what the reviewers' document holds). */
  words: string[];
  /** `transcript`: the whole transcript verified; a number: only the first that many words. */
  verify: 'transcript' | number;
  mediaId: string;
  transcriptId: string;
  segments: Segment[];
}

const SENTENCES = [
  'the patient was given a small dose of medicine in the morning',
  'please send the report to the office before the end of the week',
  'she walked along the river with her brother and their old dog',
  'we will meet again next month to look at the new plans together',
  'the weather was cold and wet so everyone stayed inside all day',
  'a doctor checked his heart and lungs and found nothing wrong',
  'they painted the kitchen a bright shade of yellow last summer',
  'the train was late because of a broken signal near the station',
  'my sister plays the violin in an orchestra in the north of town',
  'the nurse wrote the blood pressure on a chart beside the bed',
];
const LONG =
  'to begin with in the first week of the trial the team measured how well each patient slept and how often they woke during the night and then in the second week they changed the dose and measured it all again before writing a long report for the hospital board which met on the last friday of every month to read such reports and decide what the doctors should try next with the patients who still could not sleep';

let server: TestServer;
let fixtures: string;
let owner: TestUser;
let coOwner: TestUser;
let editor: TestUser;
let admin: TestUser;
let project: Project;
const recordings: Recording[] = [];
let gone: Recording;
let media: MediaStore;

const call = (user: TestUser, method: string, path: string, body?: unknown): Promise<Response> =>
  server.fetch(path, { method, headers: bearer(user.token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function upload(user: TestUser, projectId: string, name: string, spoken: string): Promise<{ id: string; durationSeconds: number }> {
  const path = join(fixtures, `${name}.wav`);
  execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', path, spoken]);
  const form = new FormData();
  form.append('file', new Blob([readFileSync(path)]), `${name}.wav`);
  const response = await server.fetch(`/api/projects/${projectId}/media`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: form });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { media: Array<{ id: string; durationSeconds: number }> }).media[0]!;
}

/** One turn whose words share the recording evenly (each 90% of its share), as a transcript stores them. */
function evenSegments(words: readonly string[], seconds: number, speaker = 'Ada'): Segment[] {
  const share = seconds / words.length;
  return [
    {
      speaker,
      start: 0,
      end: seconds,
      words: words.map((text, i) => ({ text, start: i * share + share * 0.05, end: (i + 1) * share - share * 0.05, confidence: 0.9 })),
    },
  ];
}

async function addRecording(name: string, spoken: string, words: string[], verify: Recording['verify'], projectId = project.id): Promise<Recording> {
  const uploaded = await upload(owner, projectId, name, spoken);
  const segments = evenSegments(words, uploaded.durationSeconds);
  const transcripts = new TranscriptStore(server.db, { documents: new DocumentStore(server.db) });
  const transcriptId = transcripts.create({ projectId, mediaId: uploaded.id, model: { id: 'asr-model', version: '1.2.3', sha256: 'ab'.repeat(32) }, segments }).id;
  const body = verify === 'transcript' ? { scope: 'transcript' } : { scope: 'span', startMs: 0, endMs: Math.round(segments[0]!.words[verify - 1]!.end * 1000) + 1 };
  const response = await call(owner, 'POST', `/api/transcripts/${transcriptId}/verified-spans`, body);
  expect(response.status, await response.clone().text()).toBe(201);
  const recording = { name, spoken, words, verify, mediaId: uploaded.id, transcriptId, segments };
  if (projectId === project.id) recordings.push(recording);
  return recording;
}

/** The tar's files by path. */
async function untar(response: Response): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        files.set(header.name, Buffer.concat(chunks));
        next();
      });
    });
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  for await (const chunk of response.body!) reader.write(Buffer.from(chunk));
  reader.end(Buffer.alloc(0));
  await done;
  return files;
}

function lines(file: Buffer | undefined): TrainingManifestLineJson[] {
  expect(file).toBeDefined();
  return file!
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TrainingManifestLineJson);
}

/** The split rule as export.json states it, computed here on its own. */
function expectedSplit(projectId: string, mediaId: string): string {
  const u = createHash('sha256').update(`${projectId}:${mediaId}`).digest().readUInt32BE(0) / 2 ** 32;
  return u < 0.8 ? 'train' : u < 0.9 ? 'dev' : 'test';
}

beforeAll(async () => {
  fixtures = mkdtempSync(join(tmpdir(), 'vwb-training-'));
  server = await startTestServer({ modelDir: TEST_BUNDLE });
  owner = await server.createUser('owner');
  coOwner = await server.createUser('coowner');
  editor = await server.createUser('editor');
  admin = await server.createUser('root', { isAdmin: true });
  project = server.projects.createProject('Ward rounds', owner.user.id);
  server.projects.addMember(project.id, coOwner.user.id, 'owner');
  server.projects.addMember(project.id, editor.user.id, 'editor');
  media = new MediaStore(server.db, { dataDir: server.config.dataDir });
  for (const [i, sentence] of SENTENCES.entries()) await addRecording(`s${i}`, sentence, sentence.split(' '), 'transcript');
  await addRecording('long', LONG, LONG.split(' '), 'transcript');
  // only the first five words verified: the rest must never reach the export
  const partial = 'the first dozen words of this rather long sentence are the only ones checked while the rest of what follows here was never looked at by anyone';
  await addRecording('partial', partial, partial.split(' '), 12);
  // digits the model cannot spell, punctuation only, a lone word
  await addRecording('digits', 'take forty milligrams twice a day with food', ['Take', '40', 'mg', 'twice', 'a', 'day,', 'with', 'food.'], 'transcript');
  await addRecording('noise', 'hmm hmm hmm hmm hmm hmm hmm hmm hmm hmm hmm hmm', ['…', '?', '—', '!', '…', '?'], 'transcript');
  await addRecording('short', 'yes indeed it is so', ['Yes', 'indeed', 'it', 'is', 'so'], 1);
  gone = await addRecording('gone', 'this recording will lose its audio before anyone exports it', 'this recording will lose its audio before anyone exports it'.split(' '), 'transcript');
  rmSync(media.blobPath(media.get(gone.mediaId)!.sha256));
  // slice attributes of the long recording and of its speaker go along with its segments
  const long = recordings.find((r) => r.name === 'long')!;
  expect((await call(owner, 'PUT', `/api/media/${long.mediaId}/attributes`, { attributes: { ward: 'cardiology' } })).status).toBe(200);
  expect((await call(owner, 'PUT', `/api/projects/${project.id}/speaker-attributes`, { speakers: { Ada: { accent: 'scottish' } } })).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (fixtures !== undefined) rmSync(fixtures, { recursive: true, force: true });
});

describe('training export', () => {
  let files: Map<string, Buffer>;
  let info: TrainingExportInfoJson;
  let report: TrainingExportReportJson;
  let manifest: Record<'train' | 'dev' | 'test', TrainingManifestLineJson[]>;
  let exportId: string;

  beforeAll(async () => {
    const response = await call(owner, 'GET', `/api/projects/${project.id}/training-export`);
    expect(response.status, response.status === 200 ? '' : await response.clone().text()).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="Ward rounds-training-\d{4}-\d\d-\d\d\.tar"/);
    exportId = response.headers.get('x-verbatim-export-id')!;
    const planned = Number(response.headers.get('x-verbatim-segments'));
    files = await untar(response);
    info = JSON.parse(files.get('export.json')!.toString('utf8')) as TrainingExportInfoJson;
    report = JSON.parse(files.get('report.json')!.toString('utf8')) as TrainingExportReportJson;
    manifest = { train: lines(files.get('train.jsonl')), dev: lines(files.get('dev.jsonl')), test: lines(files.get('test.jsonl')) };
    expect(manifest.train.length + manifest.dev.length + manifest.test.length).toBe(planned);
  }, 120_000);

  it('writes valid manifests: every file exists as 16 kHz mono 16-bit WAV of the stated duration, with normalised text', () => {
    const all = [...manifest.train, ...manifest.dev, ...manifest.test];
    expect(all.length).toBeGreaterThanOrEqual(SENTENCES.length + 2);
    const wavs = [...files.keys()].filter((path) => path.endsWith('.wav'));
    expect(wavs.sort()).toEqual(all.map((line) => line.audio_filepath).sort());
    for (const line of all) {
      expect(line.audio_filepath).toBe(`audio/${line.media_id}/${line.audio_filepath.split('/')[2]}`);
      const wav = files.get(line.audio_filepath)!;
      expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
      expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
      expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 1, 16000, 16]);
      expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
      expect(line.duration).toBeCloseTo((wav.length - 44) / 2 / 16000, 6);
      expect(line.duration).toBeGreaterThanOrEqual(2);
      expect(line.duration).toBeLessThanOrEqual(20);
      // the audio is the recording's, not silence
      let energy = 0;
      for (let i = 44; i < wav.length; i += 2) energy += Math.abs(wav.readInt16LE(i));
      expect(energy / ((wav.length - 44) / 2)).toBeGreaterThan(50);
      expect(line.text).toMatch(/^[a-z']+( [a-z']+)*$/);
      const recording = recordings.find((r) => r.mediaId === line.media_id)!;
      expect(line.transcript_id).toBe(recording.transcriptId);
      expect(line.model).toBe('asr-model@1.2.3');
      expect(line.speaker).toBe('Ada');
      expect(line.attributes).toEqual({ recording: recording.name === 'long' ? { ward: 'cardiology' } : {}, speaker: { accent: 'scottish' } });
      expect(` ${recording.words.join(' ').toLowerCase()} `).toContain(` ${line.text} `);
    }
    // the long recording is cut in several pieces that together hold all its words, in order
    const long = all.filter((line) => line.media_id === recordings.find((r) => r.name === 'long')!.mediaId).sort((a, b) => a.offset_ms - b.offset_ms);
    expect(long.length).toBeGreaterThan(1);
    expect(long.map((line) => line.text).join(' ')).toBe(LONG);
  });

  it('never cuts inside a word, and takes only verified words', () => {
    for (const line of [...manifest.train, ...manifest.dev, ...manifest.test]) {
      const recording = recordings.find((r) => r.mediaId === line.media_id)!;
      const from = line.offset_ms / 1000;
      const to = from + line.duration;
      for (const word of recording.segments[0]!.words) {
        const inside = word.start >= from - 1e-3 && word.end <= to + 1e-3;
        const outside = word.end <= from + 1e-3 || word.start >= to - 1e-3;
        expect(inside || outside, `${recording.name}: "${word.text}" ${word.start}-${word.end} cut by ${from}-${to}`).toBe(true);
      }
    }
    const partial = recordings.find((r) => r.name === 'partial')!;
    expect([...manifest.train, ...manifest.dev, ...manifest.test].filter((line) => line.media_id === partial.mediaId).map((line) => line.text)).toEqual([partial.words.slice(0, 12).join(' ')]);
  });

  it('splits by recording with the stated rule: no recording on two sides', () => {
    const sides = new Map<string, Set<string>>();
    for (const split of ['train', 'dev', 'test'] as const) {
      for (const line of manifest[split]) {
        expect(split).toBe(expectedSplit(project.id, line.media_id));
        sides.set(line.media_id, (sides.get(line.media_id) ?? new Set()).add(split));
      }
    }
    for (const side of sides.values()) expect(side.size).toBe(1);
    expect(info.split).toMatchObject({ train: 0.8, dev: 0.1, test: 0.1 });
    expect(info.split.rule).toContain('sha256 of "<projectId>:<mediaId>"');
  });

  it('reports what was left out and why', () => {
    expect(report.dropped['out-of-alphabet'].count).toBe(1);
    expect(report.dropped['out-of-alphabet'].examples[0]).toMatchObject({ media_id: recordings.find((r) => r.name === 'digits')!.mediaId, text: 'Take 40 mg twice a day, with food.' });
    expect(report.dropped['out-of-alphabet'].examples[0]!.detail).toContain('"0"');
    expect(report.dropped['empty-text'].count).toBe(1);
    expect(report.dropped['too-short'].examples.map((e) => e.text)).toContain('Yes');
    expect(report.dropped['audio-gone'].count).toBe(1);
    expect(report.dropped['audio-gone'].examples[0]).toMatchObject({ media_id: gone.mediaId, transcript_id: gone.transcriptId });
    expect(report.kept.segments).toBe(manifest.train.length + manifest.dev.length + manifest.test.length);
    expect(files.has(`audio/${gone.mediaId}/0.wav`)).toBe(false);
  });

  it('states who, when, the alphabet, the counts and each manifest hash in export.json, and records the export', async () => {
    expect(info).toMatchObject({
      format: 'verbatim-training-export',
      formatVersion: 1,
      exportId,
      project: { id: project.id, name: 'Ward rounds' },
      exportedBy: { id: owner.user.id, name: 'owner' },
      alphabet: { characters: "'abcdefghijklmnopqrstuvwxyz", model: { id: JSON.parse(readFileSync(join(TEST_BUNDLE, 'model.json'), 'utf8')).id } },
      segmentSeconds: { min: 2, max: 20 },
    });
    for (const split of ['train', 'dev', 'test'] as const) {
      expect(info.splits[split].manifestSha256).toBe(createHash('sha256').update(files.get(`${split}.jsonl`)!).digest('hex'));
      expect(info.splits[split].segments).toBe(manifest[split].length);
      expect(info.splits[split].recordings).toBe(new Set(manifest[split].map((line) => line.media_id)).size);
    }
    const list = (await (await call(owner, 'GET', `/api/projects/${project.id}/training-exports`)).json()) as { exports: TrainingExportRecordJson[] };
    expect(list.exports.find((e) => e.id === exportId)).toMatchObject({ state: 'complete', createdBy: owner.user.id, createdByName: 'owner', segments: report.kept.segments });
  });

  it('honours minSeconds and maxSeconds, and refuses bad ones', async () => {
    const response = await call(owner, 'GET', `/api/projects/${project.id}/training-export?minSeconds=1&maxSeconds=4`);
    expect(response.status).toBe(200);
    const short = await untar(response);
    const all = ['train', 'dev', 'test'].flatMap((split) => lines(short.get(`${split}.jsonl`)));
    expect(Math.max(...all.map((line) => line.duration))).toBeLessThanOrEqual(4);
    expect(all.length).toBeGreaterThan(manifest.train.length + manifest.dev.length + manifest.test.length);
    for (const query of ['minSeconds=abc', 'maxSeconds=1000', 'minSeconds=5&maxSeconds=3', 'format=zip']) {
      expect((await errorOf(await call(owner, 'GET', `/api/projects/${project.id}/training-export?${query}`))).code).toBe('invalid-query');
    }
  });

  it('an export stopped half way is recorded as incomplete', async () => {
    const response = await call(owner, 'GET', `/api/projects/${project.id}/training-export`);
    const id = response.headers.get('x-verbatim-export-id')!;
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    let state: string | undefined;
    for (let i = 0; i < 200 && state !== 'incomplete'; i += 1) {
      const list = (await (await call(owner, 'GET', `/api/projects/${project.id}/training-exports`)).json()) as { exports: TrainingExportRecordJson[] };
      state = list.exports.find((e) => e.id === id)?.state;
    }
    expect(state).toBe('incomplete');
  });
});

describe('who may export', () => {
  it('owners and administrators who are members; not editors, not administrators outside, not after demotion', async () => {
    const status = async (user: TestUser) => {
      const response = await call(user, 'GET', `/api/projects/${project.id}/training-export`);
      await response.body?.cancel();
      return response.status;
    };
    expect(await status(owner)).toBe(200);
    expect(await status(editor)).toBe(403);
    expect((await errorOf(await call(editor, 'GET', `/api/projects/${project.id}/training-exports`))).code).toBe('insufficient-role');
    expect(await status(admin)).toBe(404);
    server.projects.addMember(project.id, admin.user.id, 'viewer');
    expect(await status(admin)).toBe(200);
    server.projects.addMember(project.id, coOwner.user.id, 'editor');
    expect(await status(coOwner)).toBe(403);
  });
});

describe('nothing to export', () => {
  it('is refused with a message: no verified speech, or none of it left', async () => {
    const empty = server.projects.createProject('Empty', owner.user.id);
    const none = await errorOf(await call(owner, 'GET', `/api/projects/${empty.id}/training-export`));
    expect(none).toMatchObject({ status: 422, code: 'nothing-to-export' });
    expect(none.message).toContain('verified');
    const lost = server.projects.createProject('Lost audio', owner.user.id);
    const only = await addRecording('lost', 'the only recording of this project is about to vanish', 'the only recording of this project is about to vanish'.split(' '), 'transcript', lost.id);
    rmSync(media.blobPath(media.get(only.mediaId)!.sha256));
    const goneError = await errorOf(await call(owner, 'GET', `/api/projects/${lost.id}/training-export`));
    expect(goneError).toMatchObject({ status: 422, code: 'nothing-to-export' });
    expect(goneError.message).toContain('no audio on the server');
  }, 30_000);
});

describe('comparison on the test split', () => {
  it("measures only on the test side's recordings, and refuses when that side has none", async () => {
    const model = (JSON.parse(readFileSync(join(TEST_BUNDLE, 'model.json'), 'utf8')) as { id: string }).id;
    const transcripts = new TranscriptStore(server.db, { documents: new DocumentStore(server.db) });
    const spans = new VerifiedSpanStore(server.db);
    const split = server.projects.createProject('Split', owner.user.id);
    const ask = () => call(owner, 'POST', `/api/projects/${split.id}/model-comparisons`, { model, split: 'test' });
    const made: Array<{ transcriptId: string; side: string }> = [];
    // recordings (database rows) until both sides have one, the test side's last
    for (let i = 0; made.filter((m) => m.side === 'test').length === 0; i += 1) {
      const mediaId = media.insert([{ projectId: split.id, sha256: createHash('sha256').update(`split ${i}`).digest('hex'), originalName: `${i}.wav`, format: 'wav', bytes: 10, durationSeconds: 5, sampleRate: 16000, channels: 1, createdBy: owner.user.id, peaksPath: null }])[0]!.id;
      const side = expectedSplit(split.id, mediaId);
      if (side === 'test' && made.length === 0) continue;
      const transcriptId = transcripts.create({ projectId: split.id, mediaId, model: { id: 'asr-model', version: '1.2.3', sha256: 'ab'.repeat(32) }, segments: evenSegments(['some', 'words', 'here'], 5) }).id;
      spans.add({ transcriptId, scope: 'transcript', startMs: 0, endMs: 5000, by: owner.user.id });
      made.push({ transcriptId, side });
      if (made.length === 1) {
        const refused = await errorOf(await ask());
        expect(refused).toMatchObject({ status: 422, code: 'nothing-to-compare' });
        expect(refused.message).toContain('test side');
      }
    }
    const ids = (options?: { split: 'test' }) => comparisonSet(server.db, split.id, options).transcripts.map((t) => t.id).sort();
    expect(ids()).toEqual(made.map((m) => m.transcriptId).sort());
    expect(ids({ split: 'test' })).toEqual(made.filter((m) => m.side === 'test').map((m) => m.transcriptId).sort());
    const response = await ask();
    expect(response.status, await response.clone().text()).toBe(202);
    const comparison = (await response.json()) as ModelComparisonJson;
    expect(comparison.split).toBe('test');
    // the job that measures is told to keep to the test side
    const payload = server.db.prepare<[string], { payload: string }>('SELECT payload FROM jobs WHERE id = ?').get(comparison.jobId)!.payload;
    expect(JSON.parse(payload)).toMatchObject({ comparisonId: comparison.id, split: 'test' });
  });
});
