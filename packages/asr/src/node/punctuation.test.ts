import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatenatedFixtures, fixturePath, readFixtures, testBundleDir, writeWav16 } from '../../test/testFixtures.ts';
import { TranscriberPool } from './TranscriberPool.ts';

// strips what punctuation writes: the spoken form the recogniser produced
const spoken = (text: string) => text.toLowerCase().replace(/[.,?!]+$/u, '');

describe(`punctuation in the transcriber pool (${testBundleDir})`, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'vwb-punct-'));
  const longWav = join(tmp, 'long.wav');
  const fixtures = readFixtures();
  let pool: TranscriberPool;

  beforeAll(() => {
    const { samples, sampleRate } = concatenatedFixtures(12); // about 50 s: several sentences, two windows
    writeWav16(longWav, samples, sampleRate);
    pool = new TranscriberPool({ bundleDir: testBundleDir, workers: 1, threadsPerWorker: 1 });
  }, 60_000);
  afterAll(async () => {
    await pool?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('writes punctuation and capitals by default and never moves a timing or a confidence', async () => {
    const plain = await pool.transcribeFile(longWav, { decoder: 'greedy', punctuate: false });
    const written = await pool.transcribeFile(longWav, { decoder: 'greedy' });
    expect(plain.notes).toMatchObject({ punctuation: 'off', punctuationMs: 0 });
    expect(written.notes.punctuation).toBe('applied');
    expect(written.words).toHaveLength(plain.words.length);
    written.words.forEach((w, i) => {
      const p = plain.words[i]!;
      expect({ ...w, text: spoken(w.text) }).toEqual(p);
    });
    expect(written.unpunctuated).toEqual(plain.words);
    expect(plain.unpunctuated).toBeUndefined();
    const text = written.words.map((w) => w.text).join(' ');
    expect(text).toMatch(/^[A-Z]/u);
    expect(text).toMatch(/[.?!]/u);
    // the punctuation model costs a small share of recognition
    expect(written.notes.punctuationMs).toBeLessThan(0.1 * written.timings.totalMs + 50);
  }, 60_000);

  it('groups the words in speaker turns by default, and not with speakers off', async () => {
    const withSpeakers = await pool.transcribeFile(longWav, { decoder: 'greedy' });
    expect(withSpeakers.notes.speakers).toBe('applied');
    expect(withSpeakers.notes.speakerCount).toBeGreaterThanOrEqual(1);
    const segments = withSpeakers.segments!;
    expect(segments.flatMap((s) => s.words)).toEqual(withSpeakers.words);
    for (const s of segments) expect(s.speaker).toMatch(/^Speaker \d$/u);
    const off = await pool.transcribeFile(longWav, { decoder: 'greedy', speakers: 'off' });
    expect(off.notes.speakers).toBe('off');
    expect(off.segments).toBeUndefined();
    expect(off.words).toEqual(withSpeakers.words);
    await expect(pool.transcribeFile(longWav, { speakers: 0 })).rejects.toThrow(/whole number of at least 1/);
    await expect(pool.transcribeFile(longWav, { speakers: -2 })).rejects.toThrow(RangeError);
  }, 60_000);

  it('invents no sentence and no speaker in silence', async () => {
    const silent = join(tmp, 'silence.wav');
    writeWav16(silent, new Float32Array(16000 * 20), 16000);
    const r = await pool.transcribeFile(silent);
    expect(r.words).toEqual([]);
    expect(r.segments ?? []).toEqual([]);
    expect(r.notes.speakerCount ?? 0).toBe(0);
  }, 60_000);

  it("keeps the vocabulary's display forms as written", async () => {
    const u = fixtures.utterances[0]!;
    const first = u.greedy.split(' ')[0]!;
    const r = await pool.transcribeFile(fixturePath(u.wav), { decoder: 'greedy', vocabulary: [{ phrase: first, displayAs: `${first}X` }] });
    expect(r.words[0]!.text.replace(/[.,?!]$/u, '')).toBe(`${first}X`);
  }, 60_000);

  it('transcribes unpunctuated with a note when the bundle has no punctuation model, or a damaged one', async () => {
    const bare = join(tmp, 'bare');
    cpSync(testBundleDir, bare, { recursive: true, filter: (src) => !src.includes('fixtures') && !src.endsWith('.pt') && !src.endsWith('lm.bin') });
    const json = JSON.parse(readFileSync(join(bare, 'model.json'), 'utf8')) as Record<string, unknown>;
    delete json['punctuation'];
    delete json['lm'];
    writeFileSync(join(bare, 'model.json'), JSON.stringify(json));
    const u = fixtures.utterances[0]!;
    const without = new TranscriberPool({ bundleDir: bare });
    try {
      const r = await without.transcribeFile(fixturePath(u.wav));
      expect(r.notes.punctuation).toBe('unavailable');
      expect(r.notes.punctuationNote).toMatch(/has no punctuation model/);
      expect(r.words.map((w) => w.text).join(' ')).toBe(u.greedy);
    } finally {
      await without.dispose();
    }
    json['punctuation'] = { file: 'punct.json' };
    writeFileSync(join(bare, 'model.json'), JSON.stringify(json));
    writeFileSync(join(bare, 'punct.onnx'), 'not a model');
    const damaged = new TranscriberPool({ bundleDir: bare });
    try {
      const r = await damaged.transcribeFile(fixturePath(u.wav));
      expect(r.notes.punctuation).toBe('unavailable');
      expect(r.notes.punctuationNote).toMatch(/sha256/);
      expect(r.words.map((w) => w.text).join(' ')).toBe(u.greedy);
    } finally {
      await damaged.dispose();
    }
  }, 60_000);
});
