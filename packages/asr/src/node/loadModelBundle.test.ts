import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelBundleError } from '../bundle/ModelBundleError.ts';
import { loadModelBundle } from './loadModelBundle.ts';
import { testBundleDir, writeTinyBundle } from '../../test/testFixtures.ts';

const original = JSON.parse(readFileSync(join(testBundleDir, 'model.json'), 'utf8')) as Record<string, any>;
const root = mkdtempSync(join(tmpdir(), 'vwb-bundle-'));
let n = 0;

/** A copy of the test bundle (model file linked) with model.json edited by `edit`, or replaced by raw text. */
function variant(edit: ((json: any) => void) | string, files: { tokens?: string; noModel?: boolean; lm?: Uint8Array | 'none' } = {}): string {
  const dir = join(root, `b${n++}`);
  mkdirSync(dir);
  if (!files.noModel) symlinkSync(join(testBundleDir, original.file), join(dir, original.file));
  if (original.lm && files.lm === undefined) symlinkSync(join(testBundleDir, original.lm.file), join(dir, original.lm.file));
  else if (original.lm && files.lm !== 'none') writeFileSync(join(dir, original.lm.file), files.lm!);
  if (files.tokens !== undefined) writeFileSync(join(dir, original.tokensFile), files.tokens);
  else copyFileSync(join(testBundleDir, original.tokensFile), join(dir, original.tokensFile));
  let text: string;
  if (typeof edit === 'string') text = edit;
  else {
    const json = structuredClone(original);
    edit(json);
    text = JSON.stringify(json);
  }
  writeFileSync(join(dir, 'model.json'), text);
  return dir;
}

async function failure(dir: string): Promise<ModelBundleError> {
  const error = await loadModelBundle(dir).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelBundleError);
  return error as ModelBundleError;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`loadModelBundle (${testBundleDir})`, () => {
  it('reads the bundle as model.json describes it and hashes the model file', async () => {
    const b = await loadModelBundle(testBundleDir);
    expect(b.id).toBe(original.id);
    expect(b.version).toBe(original.version);
    expect(b.tokens).toEqual(original.tokens);
    expect(b.blankId).toBe(original.blankId);
    expect(b.modelHash).toBe(original.sha256);
    expect(b.input.kind).toBe('features');
    if (b.input.kind === 'features') expect(b.input.frontEnd.numMelBins).toBe(original.input.frontEnd.numMelBins);
    expect(b.output.frameShiftSeconds).toBe(original.output.frameShiftSeconds);
    expect(b.confidence.calibration).toEqual({ method: 'platt', a: original.confidence.calibration.a, b: original.confidence.calibration.b });
  });

  it('takes the tokens from tokens.txt alone, and works without a recorded hash', async () => {
    const b = await loadModelBundle(variant((j) => { delete j.tokens; delete j.sha256; }));
    expect(b.tokens).toEqual(original.tokens);
    expect(b.modelHash).toBe(original.sha256);
  });

  const cases: [string, Parameters<typeof variant>[0], Parameters<typeof variant>[1], string, string | undefined][] = [
    ['malformed JSON', '{"id": "x", ', {}, 'model-json-malformed', undefined],
    ['a missing front-end field', (j) => delete j.input.frontEnd.nFft, {}, 'missing-field', 'input.frontEnd.nFft'],
    ['a field of the wrong type', (j) => (j.input.frontEnd.nFft = '512'), {}, 'invalid-field', 'input.frontEnd.nFft'],
    ['an nFft that is not a power of two', (j) => (j.input.frontEnd.nFft = 500), {}, 'unsupported-front-end', 'input.frontEnd.nFft'],
    ['a front end at another rate', (j) => (j.input.frontEnd.sampleRate = 8000), {}, 'invalid-field', 'input.frontEnd.sampleRate'],
    ['an unknown input kind', (j) => (j.input.kind = 'spectrogram'), {}, 'unsupported-input-kind', 'input.kind'],
    ['an unknown output kind', (j) => (j.output.kind = 'rnnt'), {}, 'unsupported-output-kind', 'output.kind'],
    ['an unknown confidence measure', (j) => (j.confidence.measure = 'entropy'), {}, 'invalid-field', 'confidence.measure'],
    ['tsallis without alpha', (j) => { j.confidence.measure = 'tsallis'; j.confidence.alpha = null; }, {}, 'missing-field', 'confidence.alpha'],
    ['a blank id out of range', (j) => (j.blankId = j.tokens.length), {}, 'blank-out-of-range', 'blankId'],
    ['a fractional blank id', (j) => (j.blankId = 1.5), {}, 'invalid-field', 'blankId'],
    ['a word boundary no token has', (j) => (j.wordBoundary = '|'), {}, 'word-boundary-unknown', 'wordBoundary'],
    ['tokens.txt disagreeing with model.json', () => {}, { tokens: readFileSync(join(testBundleDir, original.tokensFile), 'utf8').replace('a 1', 'A 1') }, 'tokens-mismatch', 'tokens'],
    ['tokens.txt with fewer tokens', () => {}, { tokens: 'a 0\nb 1\n' }, 'tokens-mismatch', 'tokens'],
    ['a malformed tokens.txt', () => {}, { tokens: 'a 0\nb\n' }, 'tokens-file-malformed', undefined],
    ['a missing tokens file', (j) => (j.tokensFile = 'vocab.txt'), {}, 'tokens-file-missing', 'tokensFile'],
    ['a missing model file', () => {}, { noModel: true }, 'model-file-missing', 'file'],
    ['a model file outside the bundle', (j) => (j.file = '../../etc/passwd'), {}, 'invalid-field', 'file'],
    ['a model file that does not match its hash', (j) => (j.sha256 = '0'.repeat(64)), {}, 'hash-mismatch', 'sha256'],
    ['an unsupported schema', (j) => (j.schema = 2), {}, 'unsupported-schema', 'schema'],
    ['a top level that is not an object', '[1, 2]', {}, 'invalid-field', undefined],
  ];
  for (const [what, edit, files, code, field] of cases) {
    it(`refuses ${what} (${code})`, async () => {
      const e = await failure(variant(edit, files));
      expect(e.code).toBe(code);
      expect(e.field).toBe(field);
      expect(e.message.length).toBeGreaterThan(20);
    });
  }

  it('refuses a missing directory and a directory without model.json', async () => {
    expect((await failure(join(root, 'nope'))).code).toBe('bundle-not-found');
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect((await failure(empty)).code).toBe('model-json-missing');
  });
});

describe('loadModelBundle with a waveform (wav2vec2-style) model.json', () => {
  it('reads raw-audio input, logits output and optional normalisation', async () => {
    const dir = join(root, 'wave');
    writeTinyBundle(dir, { input: { kind: 'waveform', name: 'input_values', normalize: 'zero-mean-unit-var' } });
    const b = await loadModelBundle(dir);
    expect(b.input).toEqual({ kind: 'waveform', name: 'input_values', lengthName: undefined, normalize: 'zero-mean-unit-var', normalizeEps: 1e-7 });
    expect(b.output.kind).toBe('ctc-logits');
    expect(b.confidence.calibration).toBeUndefined();
    writeTinyBundle(dir, { input: { kind: 'waveform', name: 'input_values', normalize: 'loudness' } });
    expect((await failure(dir)).field).toBe('input.normalize');
  });

  describe('the word language model (model.json "lm")', () => {
    it('resolves the LM file inside the bundle and keeps the tuned weights', async () => {
      const bundle = await loadModelBundle(testBundleDir);
      expect(bundle.lm?.file).toBe(join(testBundleDir, original.lm.file));
      expect(bundle.lm).toMatchObject({ alpha: original.lm.alpha, beta: original.lm.beta, beam: original.lm.beam });
      expect(bundle.lm?.calibration?.method).toBe('logistic');
      const none = await loadModelBundle(variant((j) => delete j.lm, { lm: 'none' }));
      expect(none.lm).toBeUndefined();
    });

    it('refuses a missing or changed LM file and bad LM fields, naming the field', async () => {
      expect(await failure(variant(() => {}, { lm: 'none' }))).toMatchObject({ code: 'model-file-missing', field: 'lm.file' });
      expect(await failure(variant(() => {}, { lm: new Uint8Array([1, 2, 3]) }))).toMatchObject({ code: 'hash-mismatch', field: 'lm.sha256' });
      expect(await failure(variant((j) => (j.lm.alpha = -1)))).toMatchObject({ code: 'invalid-field' });
      expect(await failure(variant((j) => (j.lm.file = '../../etc/passwd')))).toMatchObject({ code: 'invalid-field', field: 'lm.file' });
      expect(await failure(variant((j) => (j.lm.unkPenalty = 3)))).toMatchObject({ code: 'invalid-field' });
    });
  });
});
