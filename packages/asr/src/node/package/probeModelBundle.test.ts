import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import { testBundleDir } from '../../../test/testFixtures.ts';
import { BPE_TOKENS, writeSherpaNemoCtcPackage, writeWav2vec2CtcPackage } from '../../../test/modelPackages.ts';
import { prepareModelPackage } from './prepareModelPackage.ts';
import { probeModelBundle } from './probeModelBundle.ts';

const root = mkdtempSync(join(tmpdir(), 'vwb-probe-'));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A package written by `write`, prepared, with the generated model.json put beside its files. */
async function prepared(write: (dir: string) => void, edit: (json: Record<string, any>) => void = () => {}): Promise<string> {
  const dir = join(root, `p${n++}`);
  write(dir);
  const { modelJson } = await prepareModelPackage(dir);
  edit(modelJson);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  return dir;
}

async function failure(dir: string): Promise<ModelBundleError> {
  const error = await probeModelBundle(dir).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelBundleError);
  return error as ModelBundleError;
}

describe('probeModelBundle', () => {
  it('decodes the built-in utterance with the bundled model and with generated bundles', async () => {
    expect(await probeModelBundle(testBundleDir)).toMatchObject({ frames: 20, vocab: 29, ms: expect.any(Number) });
    const sherpa = await prepared((d) => writeSherpaNemoCtcPackage(d, { lengthOutput: true, initializersAsInputs: true }));
    expect(await probeModelBundle(sherpa)).toMatchObject({ frames: 20, vocab: BPE_TOKENS.length });
    const w2v = await prepared((d) => writeWav2vec2CtcPackage(d));
    expect(await probeModelBundle(w2v)).toMatchObject({ frames: 40, vocab: 15 });
  });

  it('refuses an ONNX that does not load, naming it', async () => {
    const dir = await prepared((d) => writeSherpaNemoCtcPackage(d), (j) => { delete j['sha256']; });
    // a well-formed protobuf whose graph uses an operator that does not exist
    const bytes = readFileSync(join(dir, 'model.onnx'));
    writeFileSync(join(dir, 'model.onnx'), Buffer.from(bytes.toString('latin1').replace('Slice', 'Slyce'), 'latin1'));
    expect(await failure(dir)).toMatchObject({ code: 'onnx-load-failed', message: expect.stringMatching(/^model\.onnx: onnxruntime cannot load it: /) });
  });

  it('refuses an output narrower or wider than the tokens, naming both', async () => {
    // the generator would refuse the declared width; a model.json written by hand is what reaches the probe
    const dir = await prepared((d) => writeSherpaNemoCtcPackage(d));
    writeSherpaNemoCtcPackage(dir, { vocabWidth: BPE_TOKENS.length - 2 });
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    delete json.sha256;
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    expect(await failure(dir)).toMatchObject({
      code: 'tokens-mismatch',
      message: `model.onnx: output logprobs has ${BPE_TOKENS.length - 2} symbols per frame but tokens.txt lists ${BPE_TOKENS.length} tokens`,
    });
  });

  it('refuses a frame rate that does not match the declared subsampling', async () => {
    const dir = await prepared((d) => writeSherpaNemoCtcPackage(d, { metadata: { subsampling_factor: '8' } }));
    expect(await failure(dir)).toMatchObject({
      code: 'output-shape-mismatch',
      message: 'model.onnx: 0.8 s of audio gave 20 output frames, but a frame every 0.08 s (model.json output.frameShiftSeconds) means about 10: the declared frame shift or subsampling factor is wrong',
    });
  });

  it('refuses an output name the graph lacks, and a graph input model.json does not feed', async () => {
    const renamed = await prepared((d) => writeSherpaNemoCtcPackage(d), (j) => { j['output'].name = 'log_probs'; });
    expect(await failure(renamed)).toMatchObject({ code: 'output-shape-mismatch', message: "model.onnx: model.json names output log_probs but the graph's outputs are logprobs" });
    const lengths = await prepared((d) => writeSherpaNemoCtcPackage(d, { lengthOutput: true }), (j) => { j['output'].lengthName = 'length'; j['input'].lengthName = undefined; });
    // model.json no longer feeds `length`: the graph needs it
    expect(await failure(lengths)).toMatchObject({ code: 'model-mismatch', message: expect.stringContaining('the graph also needs input(s) length') });
  });

  it('refuses non-finite outputs and logits declared as log-probabilities', async () => {
    const nan = await prepared((d) => writeSherpaNemoCtcPackage(d, { nonFinite: true }));
    expect(await failure(nan)).toMatchObject({ code: 'probe-failed', message: 'model.onnx: output logprobs holds NaN at frame 0, symbol 0: the model does not produce finite log-probabilities' });
    const logits = await prepared((d) => writeWav2vec2CtcPackage(d), (j) => { j['output'].kind = 'ctc-log-probs'; });
    expect(await failure(logits)).toMatchObject({ code: 'probe-failed', message: expect.stringMatching(/^model\.onnx: output logits is declared log-probabilities but frame 0's probabilities sum to .*, not 1/) });
  });

  it('refuses a damaged language model, naming it', async () => {
    const dir = join(root, `p${n++}`);
    mkdirSync(dir);
    for (const f of ['model.onnx', 'tokens.txt']) copyFileSync(join(testBundleDir, f), join(dir, f));
    const json = JSON.parse(readFileSync(join(testBundleDir, 'model.json'), 'utf8'));
    delete json.lm.sha256;
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    writeFileSync(join(dir, 'lm.bin'), readFileSync(join(testBundleDir, 'lm.bin')).subarray(0, 1000));
    expect(await failure(dir)).toMatchObject({ code: 'probe-failed', message: expect.stringMatching(/^lm\.bin: the language model cannot be used with this model: /) });
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('install cancelled'));
    await expect(probeModelBundle(testBundleDir, { signal: controller.signal })).rejects.toThrow('install cancelled');
  });
});
