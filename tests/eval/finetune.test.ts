// Corrections become training data, end to end on small data: a real server transcribes short recordings, a reviewer
// corrects each to its reference and marks it verified, the project's verified speech is exported (the streamed tar),
// the manifests are checked, the recipe fine-tunes the bundled model on them for two steps on the CPU, the bundle is
// installed with `verbatim model install` into the server's store, becomes the project's candidate and is compared
// on the export's test split. Bad input to the fine-tuning (missing audio, another alphabet) is refused with nothing
// written.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstalledModelJson, ModelComparisonJson, TrainingExportInfoJson, TrainingManifestLineJson } from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitOf } from '../../apps/server/src/training/splitOf.ts';
import { addReviewers, BUNDLE, candidateAndCompare, correctAndVerify, downloadExport, fineTune, installWithCli, REPO, startFlow, uploadAndTranscribe, type Flow } from './finetuneFlow.ts';
import { HELD_OUT_VOICES, renderSpeech } from './renderSpeech.ts';

/** The bundled model's version as its model.json names it (a promoted model gets the next one). */
const BUNDLED_VERSION = (JSON.parse(readFileSync(join(BUNDLE, 'model.json'), 'utf8')) as { version: string }).version;
const SENTENCES = ['medical', 'social', 'ruby'].flatMap((d) =>
  readFileSync(join(REPO, 'models', 'recipe', 'domain_fresh', `${d}.txt`), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l !== ''),
);

let flow: Flow;
let projectId: string;
let dir: string;
let exportDir: string;
let out: string;
const clips: Array<{ mediaId: string; transcriptId: string; reference: string; split: string }> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verbatim-finetune-'));
  flow = await startFlow();
  projectId = (await flow.api.call<{ id: string }>('POST', '/api/projects', { name: 'Ward rounds' })).id;
  // recordings until the dev and the test side of the split each hold one (the split hashes project and recording)
  for (let i = 0; i < SENTENCES.length; i += 8) {
    const batch = SENTENCES.slice(i, i + 8).map((text, k) => ({ text, wav: renderSpeech(text, HELD_OUT_VOICES[(i + k) % 3]!, join(dir, 'wav')) }));
    const made = await uploadAndTranscribe(flow, projectId, batch.map((b) => b.wav), 60_000);
    made.forEach((m, k) => clips.push({ ...m, reference: batch[k]!.text, split: splitOf(projectId, m.mediaId) }));
    const sides = new Set(clips.map((c) => c.split));
    if (clips.length >= 16 && sides.has('dev') && sides.has('test')) break;
  }
  const reviewers = await addReviewers(flow, projectId, 3);
  await Promise.all(reviewers.map(async (reviewer, r) => {
    for (const clip of clips.filter((_, i) => i % reviewers.length === r)) await correctAndVerify(flow, reviewer, clip.transcriptId, clip.reference);
  }));
}, 600_000); // renders, uploads, transcribes and reviews 16+ recordings: minutes on a busy 2-core machine

afterAll(async () => {
  await flow?.server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('verified speech → export → fine-tune → install → candidate → comparison on the test split', () => {
  it('exports a valid training set, split by recording', async () => {
    exportDir = join(dir, 'export');
    mkdirSync(exportDir);
    await downloadExport(flow, projectId, exportDir);
    const info = JSON.parse(readFileSync(join(exportDir, 'export.json'), 'utf8')) as TrainingExportInfoJson;
    expect(info.project.id).toBe(projectId);
    const alphabet = new Set([...info.alphabet.characters, ' ']);
    const sides = new Map<string, string>();
    for (const split of ['train', 'dev', 'test'] as const) {
      const bytes = readFileSync(join(exportDir, `${split}.jsonl`));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(info.splits[split].manifestSha256);
      const lines = bytes.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as TrainingManifestLineJson);
      expect(lines.length, split).toBeGreaterThan(0);
      for (const line of lines) {
        const wav = readFileSync(join(exportDir, line.audio_filepath));
        // 16 kHz mono 16-bit PCM, its length what the manifest says
        expect([wav.readUInt32LE(24), wav.readUInt16LE(22), wav.readUInt16LE(34)]).toEqual([16000, 1, 16]);
        const dataBytes = wav.length - 44;
        expect(Math.abs(dataBytes / 2 / 16000 - line.duration)).toBeLessThan(0.002);
        expect([...line.text].every((c) => alphabet.has(c)), line.text).toBe(true);
        expect(line.text).toBe(clips.find((c) => c.mediaId === line.media_id)!.reference);
        expect(sides.get(line.media_id) ?? split, 'a recording on two sides').toBe(split);
        sides.set(line.media_id, split);
        expect(splitOf(projectId, line.media_id)).toBe(split);
      }
    }
    expect(existsSync(join(exportDir, 'report.json'))).toBe(true);
  });

  it('refuses bad input to the fine-tuning with nothing written', async () => {
    const bad = join(dir, 'bad');
    cpSync(exportDir, bad, { recursive: true });
    const first = readFileSync(join(bad, 'train.jsonl'), 'utf8').split('\n')[0]!;
    rmSync(join(bad, (JSON.parse(first) as TrainingManifestLineJson).audio_filepath));
    const missing = await fineTune(bad, join(dir, 'never'), ['--synth-share', '0']);
    expect(missing.code, missing.output).toBe(3);
    expect(missing.output).toContain('1 audio file(s) missing or unreadable');
    const info = JSON.parse(readFileSync(join(exportDir, 'export.json'), 'utf8')) as TrainingExportInfoJson;
    writeFileSync(join(bad, 'export.json'), JSON.stringify({ ...info, alphabet: { ...info.alphabet, characters: `0123456789${info.alphabet.characters}` } }));
    cpSync(join(exportDir, 'train.jsonl'), join(bad, 'train.jsonl'));
    const alphabet = await fineTune(bad, join(dir, 'never'), ['--synth-share', '0']);
    expect(alphabet.code, alphabet.output).toBe(4);
    expect(alphabet.output).toContain('alphabet mismatch');
    expect(readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
  });

  it('fine-tunes the bundled model for two steps into a complete bundle with its lineage', async () => {
    out = join(dir, 'ward-rounds');
    const r = await fineTune(exportDir, out, ['--synth-share', '0', '--max-steps', '2', '--threads', '2', '--workers', '2', '--batch-seconds', '20']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/step 2\/2 .* steps\/s ETA/);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const lineage = JSON.parse(readFileSync(join(out, 'lineage.json'), 'utf8'));
    const { models } = await flow.api.call<{ models: InstalledModelJson[] }>('GET', '/api/models');
    const parent = models.find((m) => m.id === 'verbatim-en-char' && m.version === BUNDLED_VERSION)!;
    // the bundle the recipe hashed is the package the server's store installed: the same content hash
    expect(lineage.parent).toEqual({ id: 'verbatim-en-char', version: BUNDLED_VERSION, sha256: parent.sha256 });
    expect(lineage.manifestSha256).toBe(createHash('sha256').update(readFileSync(join(exportDir, 'train.jsonl'))).digest('hex'));
    expect(lineage.steps).toBe(2);
    expect(lineage.export.project).toEqual({ id: projectId, name: 'Ward rounds' });
    expect(readFileSync(join(out, 'MODEL_CARD.md'), 'utf8')).toContain('of project "Ward rounds"');
  }, 180_000);

  it('installs it with the CLI, makes it the candidate and compares it on the held-out test split', async () => {
    const model = await installWithCli(flow, out);
    expect(model.version).toMatch(new RegExp(`^${BUNDLED_VERSION.replaceAll('.', '\\.')}\\+ft\\.\\d{8}$`));
    expect(model.lineage?.parent?.id).toBe('verbatim-en-char');
    const ref = `${model.id}@${model.version}`;
    const comparison: ModelComparisonJson = await candidateAndCompare(flow, projectId, ref, 120_000);
    expect(comparison.split).toBe('test');
    expect(comparison.transcripts).toBe(clips.filter((c) => c.split === 'test').length);
    const candidate = comparison.rows.find((r) => r.role === 'candidate')!;
    const current = comparison.rows.find((r) => r.role === 'current')!;
    expect(candidate.model).toMatchObject({ id: model.id, version: model.version });
    for (const row of [candidate, current]) {
      expect(row.referenceWords).toBeGreaterThan(0);
      expect(row.wer).toBeTypeOf('number');
    }
  }, 180_000);
});
