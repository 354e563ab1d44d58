import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import { parseModelJson } from '../../bundle/parseModelJson.ts';
import { testBundleDir } from '../../../test/testFixtures.ts';
import { BPE_TOKENS, writeSherpaNemoCtcPackage, writeWav2vec2CtcPackage } from '../../../test/modelPackages.ts';
import { sha256File } from '../sha256File.ts';
import { prepareModelPackage } from './prepareModelPackage.ts';

const root = mkdtempSync(join(tmpdir(), 'vwb-package-'));
let n = 0;
const fresh = (name = `p${n++}`) => join(root, name);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function failure(dir: string, options?: { id?: string; version?: string }): Promise<ModelBundleError> {
  const error = await prepareModelPackage(dir, options).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelBundleError);
  return error as ModelBundleError;
}

describe('prepareModelPackage: sherpa-onnx NeMo CTC', () => {
  it('generates model.json from the ONNX metadata and tokens.txt', async () => {
    const dir = fresh('stt_en_conformer_ctc_small');
    writeSherpaNemoCtcPackage(dir);
    writeFileSync(join(dir, 'README.md'), '# A small conformer\n');
    mkdirSync(join(dir, 'test_wavs'));
    writeFileSync(join(dir, 'test_wavs', '0.wav'), 'not part of the model');
    const pkg = await prepareModelPackage(dir);
    const sha = await sha256File(join(dir, 'model.onnx'));
    expect(pkg.layout).toBe('sherpa-nemo-ctc');
    expect(pkg.files).toEqual(['README.md', 'model.onnx', 'tokens.txt']);
    expect(pkg).toMatchObject({ calibrated: false, hasLm: false, card: '# A small conformer\n', eval: undefined, lineage: undefined });
    expect(pkg.modelJson).toMatchObject({
      schema: 1, id: 'stt_en_conformer_ctc_small', version: `0.0.0+${sha.slice(0, 8)}`, file: 'model.onnx', sha256: sha, sampleRate: 16000,
      input: { kind: 'features', name: 'audio_signal', lengthName: 'length', layout: 'batch,features,time', frontEnd: { numMelBins: 80, normalize: 'per_feature' } },
      output: { kind: 'ctc-log-probs', name: 'logprobs', frameShiftSeconds: 0.04 },
      tokensFile: 'tokens.txt', blankId: BPE_TOKENS.indexOf('<blk>'), wordBoundary: '▁',
      confidence: { measure: 'max_prob', aggregation: 'mean' },
    });
    expect(pkg.modelJson['confidence']).not.toHaveProperty('calibration');
    expect(parseModelJson(pkg.modelJson).confidence.calibration).toBeUndefined();
  });

  it('takes id and version from the caller, then from the metadata; other factors, dims and names from the graph', async () => {
    const dir = fresh();
    writeSherpaNemoCtcPackage(dir, { subsampling: 8, featDim: 64, outputName: 'logits', metadata: { normalize_type: 'NA', version: '2.1.0' } });
    const pkg = await prepareModelPackage(dir);
    expect(pkg.modelJson).toMatchObject({
      version: '2.1.0',
      input: { frontEnd: { numMelBins: 64, normalize: 'none' } },
      output: { kind: 'ctc-logits', name: 'logits', frameShiftSeconds: 0.08, subsamplingFactor: 8 },
    });
    expect((await prepareModelPackage(dir, { id: 'parakeet', version: '1.0.0' })).modelJson).toMatchObject({ id: 'parakeet', version: '1.0.0' });
    // sherpa-onnx's export scripts write version "1", a metadata format number
    writeSherpaNemoCtcPackage(dir, { metadata: { version: '1' } });
    expect((await prepareModelPackage(dir)).modelJson['version']).toMatch(/^0\.0\.0\+[0-9a-f]{8}$/);
  });

  it("splits a character model's words at its space token when it has no ▁ pieces", async () => {
    const dir = fresh();
    writeSherpaNemoCtcPackage(dir, { tokens: [' ', 'a', 'b', "'", '<blk>'] });
    expect(readFileSync(join(dir, 'tokens.txt'), 'utf8').split('\n')[0]).toBe('  0');
    expect((await prepareModelPackage(dir)).modelJson).toMatchObject({ wordBoundary: ' ', blankId: 4 });
  });

  it('prefers model.onnx over model.int8.onnx, and takes the int8 one when it is alone', async () => {
    const dir = fresh();
    writeSherpaNemoCtcPackage(dir, { onnxName: 'model.int8.onnx' });
    expect((await prepareModelPackage(dir)).files).toEqual(['model.int8.onnx', 'tokens.txt']);
    writeSherpaNemoCtcPackage(dir, { lengthOutput: true });
    const both = await prepareModelPackage(dir);
    expect(both.files).toEqual(['model.onnx', 'tokens.txt']);
    expect(both.modelJson).toMatchObject({ file: 'model.onnx', output: { lengthName: 'logprobs_length' } });
  });

  it('refuses tokens that disagree with vocab_size or the output width, naming tokens.txt and both numbers', async () => {
    const dir = fresh();
    writeSherpaNemoCtcPackage(dir, { metadata: { vocab_size: '500' } });
    const e = await failure(dir);
    expect(e.code).toBe('tokens-mismatch');
    expect(e.message).toBe(`tokens.txt lists ${BPE_TOKENS.length} tokens but model.onnx has vocab_size 500 (501 outputs with the blank)`);
    const wide = fresh();
    writeSherpaNemoCtcPackage(wide, { vocabWidth: BPE_TOKENS.length + 3 });
    const w = await failure(wide);
    expect(w.code).toBe('tokens-mismatch');
    expect(w.message).toBe(`tokens.txt lists ${BPE_TOKENS.length} tokens but model.onnx's output logprobs declares ${BPE_TOKENS.length + 3} symbols per frame`);
  });

  it('names the metadata a sherpa-onnx export must carry, and a malformed tokens.txt', async () => {
    const dir = fresh();
    writeSherpaNemoCtcPackage(dir, { metadata: { subsampling_factor: undefined } });
    expect(await failure(dir)).toMatchObject({ code: 'missing-field', message: expect.stringMatching(/^model\.onnx: the ONNX metadata has no subsampling_factor/) });
    writeSherpaNemoCtcPackage(dir, { metadata: { normalize_type: 'all_features' } });
    expect(await failure(dir)).toMatchObject({ code: 'unsupported-front-end', message: expect.stringContaining('normalize_type "all_features"') });
    writeSherpaNemoCtcPackage(dir, { metadata: { model_type: 'EncDecRNNTBPEModel' } });
    expect(await failure(dir)).toMatchObject({ code: 'unknown-layout', message: expect.stringMatching(/^model\.onnx: ONNX metadata model_type "EncDecRNNTBPEModel" is a transducer/) });
    writeSherpaNemoCtcPackage(dir);
    writeFileSync(join(dir, 'tokens.txt'), '<unk> 0\n▁the 2\n');
    expect(await failure(dir)).toMatchObject({ code: 'tokens-file-malformed', message: expect.stringMatching(/^tokens\.txt: id 1 is missing/) });
  });

  it('refuses a damaged ONNX, naming it', async () => {
    const dir = fresh();
    writeSherpaNemoCtcPackage(dir);
    const bytes = readFileSync(join(dir, 'model.onnx'));
    writeFileSync(join(dir, 'model.onnx'), bytes.subarray(0, bytes.length - 100));
    expect(await failure(dir)).toMatchObject({ code: 'onnx-unreadable', message: expect.stringMatching(/^model\.onnx: .*truncated/) });
  });
});

describe('prepareModelPackage: wav2vec2 CTC', () => {
  it('generates model.json from vocab.json and the Hugging Face configs', async () => {
    const dir = fresh('wav2vec2-base-960h');
    writeWav2vec2CtcPackage(dir);
    const pkg = await prepareModelPackage(dir, { version: '1.0.0' });
    expect(pkg.layout).toBe('wav2vec2-ctc');
    expect(pkg.files).toEqual(['config.json', 'model.onnx', 'preprocessor_config.json', 'vocab.json']);
    expect(pkg.modelJson).toMatchObject({
      id: 'wav2vec2-base-960h', version: '1.0.0', sampleRate: 16000,
      input: { kind: 'waveform', name: 'input_values', normalize: 'none' },
      output: { kind: 'ctc-logits', name: 'logits', frameShiftSeconds: 0.02 },
      blankId: 0, wordBoundary: '|', textCase: 'lower',
    });
    expect((pkg.modelJson['tokens'] as string[]).slice(0, 6)).toEqual(['<pad>', '<s>', '</s>', '<unk>', '|', 'E']);
  });

  it('defaults to normalised input, 320-sample frames and the <pad> blank when the configs are absent', async () => {
    const dir = fresh();
    writeWav2vec2CtcPackage(dir, { config: null, preprocessor: null, vocab: { a: 0, '<pad>': 1, '|': 2, b: 3 } });
    const pkg = await prepareModelPackage(dir);
    expect(pkg.files).toEqual(['model.onnx', 'vocab.json']);
    expect(pkg.modelJson).toMatchObject({ input: { normalize: 'zero-mean-unit-var' }, output: { frameShiftSeconds: 0.02 }, blankId: 1 });
    expect(pkg.modelJson).not.toHaveProperty('textCase');
  });

  it('refuses a vocab.json with gaps, no blank, or a size the output does not have', async () => {
    const dir = fresh();
    writeWav2vec2CtcPackage(dir, { vocab: { a: 0, '|': 2 }, vocabWidth: 3 });
    expect(await failure(dir)).toMatchObject({ code: 'tokens-file-malformed', message: 'vocab.json: id 1 is missing (ids must run 0..2)' });
    writeWav2vec2CtcPackage(dir, { vocab: { a: 0, b: 1, '|': 2 }, config: {} });
    expect(await failure(dir)).toMatchObject({ code: 'blank-out-of-range', message: expect.stringMatching(/vocab\.json has no <pad> token/) });
    writeWav2vec2CtcPackage(dir, { vocabWidth: 20 });
    expect(await failure(dir)).toMatchObject({ code: 'tokens-mismatch', message: "vocab.json lists 15 tokens but model.onnx's output logits declares 20 symbols per frame" });
    writeWav2vec2CtcPackage(dir);
    writeFileSync(join(dir, 'config.json'), '{ "conv_stride": [5, 2,');
    expect(await failure(dir)).toMatchObject({ code: 'invalid-field', message: expect.stringMatching(/^config\.json is not valid JSON/) });
  });
});

describe('prepareModelPackage: Verbatim bundle and bad directories', () => {
  it("takes a Verbatim bundle's own model.json and every file, with id and version overridden if asked", async () => {
    const pkg = await prepareModelPackage(testBundleDir, { version: '1.0.1' });
    const own = JSON.parse(readFileSync(join(testBundleDir, 'model.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.layout).toBe('verbatim');
    expect(pkg.modelJson).toEqual({ ...own, version: '1.0.1' });
    expect(pkg.files).toEqual(expect.arrayContaining(['model.json', 'model.onnx', 'tokens.txt', 'lm.bin', 'MODEL_CARD.md', 'eval.json', 'fixtures/utt0.wav']));
    expect(pkg).toMatchObject({ calibrated: true, hasLm: true, card: expect.stringContaining('#'), eval: expect.any(Object) });
  });

  it('reads lineage.json', async () => {
    const dir = fresh();
    writeSherpaNemoCtcPackage(dir);
    const lineage = { parent: { id: 'verbatim-en-char', version: '1.0.0', sha256: 'a'.repeat(64) }, manifestSha256: 'b'.repeat(64), trainingSeconds: 3600, steps: 500 };
    writeFileSync(join(dir, 'lineage.json'), JSON.stringify(lineage));
    writeFileSync(join(dir, 'eval.json'), '{"wer": 0.1}');
    const pkg = await prepareModelPackage(dir);
    expect(pkg.lineage).toEqual(lineage);
    expect(pkg.eval).toEqual({ wer: 0.1 });
    expect(pkg.files).toEqual(['eval.json', 'lineage.json', 'model.onnx', 'tokens.txt']);
    writeFileSync(join(dir, 'lineage.json'), '{"steps": "many"}');
    expect(await failure(dir)).toMatchObject({ code: 'invalid-field', message: 'lineage.json: steps must be a non-negative number or null' });
  });

  it('says what it found and what each layout needs when a directory is none of them', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const e = await failure(dir);
    expect(e.code).toBe('unknown-layout');
    expect(e.message).toMatch(/found notes\.txt; expected a Verbatim bundle \(model\.json .*\), a sherpa-onnx NeMo CTC package \(model\.onnx or model\.int8\.onnx, and tokens\.txt\) or a wav2vec2 CTC export/);
    const noTokens = fresh();
    writeSherpaNemoCtcPackage(noTokens, { noTokens: true });
    expect(await failure(noTokens)).toMatchObject({ code: 'tokens-file-missing', message: expect.stringContaining('has the model model.onnx but no tokens.txt') });
    expect(await failure(join(root, 'nowhere'))).toMatchObject({ code: 'bundle-not-found' });
  });

  it('names the file a Verbatim bundle lacks', async () => {
    const dir = fresh();
    mkdirSync(dir);
    copyFileSync(join(testBundleDir, 'model.json'), join(dir, 'model.json'));
    copyFileSync(join(testBundleDir, 'tokens.txt'), join(dir, 'tokens.txt'));
    expect(await failure(dir)).toMatchObject({ code: 'model-file-missing', message: expect.stringContaining('model.onnx') });
  });

  it('refuses symbolic links inside a package, and ids that would not be valid references', async () => {
    const dir = fresh();
    writeSherpaNemoCtcPackage(dir);
    symlinkSync('/etc/passwd', join(dir, 'README.md'));
    expect(await failure(dir)).toMatchObject({ code: 'unsafe-path', message: expect.stringContaining('README.md is a symbolic link') });
    rmSync(join(dir, 'README.md'));
    expect(await failure(dir, { id: '../evil' })).toMatchObject({ code: 'invalid-field', field: 'id' });
    expect(await failure(dir, { version: '1.0 beta' })).toMatchObject({ code: 'invalid-field', field: 'version' });
  });
});
