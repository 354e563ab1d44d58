import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import { testBundleDir } from '../../../test/testFixtures.ts';
import { writeSherpaNemoCtcPackage } from '../../../test/modelPackages.ts';
import { readOnnxMetadata } from './readOnnxMetadata.ts';

const root = mkdtempSync(join(tmpdir(), 'vwb-onnx-meta-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function failure(file: string): Promise<ModelBundleError> {
  const error = await readOnnxMetadata(file).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelBundleError);
  expect((error as ModelBundleError).code).toBe('onnx-unreadable');
  return error as ModelBundleError;
}

describe('readOnnxMetadata', () => {
  it("reads the bundled model's sherpa-onnx metadata and graph interface", async () => {
    const m = await readOnnxMetadata(join(testBundleDir, 'model.onnx'));
    expect(m.metadata).toMatchObject({ vocab_size: '28', subsampling_factor: '4', normalize_type: 'per_feature', feat_dim: '80', model_type: 'EncDecCTCModel' });
    expect(m.inputs).toEqual([
      { name: 'audio_signal', elemType: 1, dims: ['batch', 80, 'time'] },
      { name: 'length', elemType: 7, dims: ['batch'] },
    ]);
    expect(m.outputs.map((o) => [o.name, o.dims])).toEqual([['logprobs', ['batch', 'frames', 29]], ['logprobs_length', ['batch']]]);
  });

  it('leaves initializers out of the inputs and reads metadata written in any order', async () => {
    const dir = join(root, 'sherpa');
    writeSherpaNemoCtcPackage(dir, { metadata: { comment: 'ünïcode ▁piece' } });
    const m = await readOnnxMetadata(join(dir, 'model.onnx'));
    expect(m.inputs.map((i) => i.name)).toEqual(['audio_signal', 'length']);
    expect(m.metadata['comment']).toBe('ünïcode ▁piece');
    expect(m.irVersion).toBe(8);
  });

  it('refuses a truncated, empty, missing or foreign file, naming it', async () => {
    const bytes = readFileSync(join(testBundleDir, 'model.onnx'));
    writeFileSync(join(root, 'cut.onnx'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await failure(join(root, 'cut.onnx'))).message).toMatch(/^cut\.onnx: .*truncated/);
    writeFileSync(join(root, 'empty.onnx'), '');
    expect((await failure(join(root, 'empty.onnx'))).message).toMatch(/^empty\.onnx: is empty/);
    expect((await failure(join(root, 'none.onnx'))).message).toMatch(/^none\.onnx: cannot be opened \(ENOENT\)/);
    writeFileSync(join(root, 'text.onnx'), 'this is a README, not a model\n'.repeat(20));
    expect((await failure(join(root, 'text.onnx'))).message).toMatch(/^text\.onnx: /);
  });
});
