import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
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
    writeSherpaNemoCtcPackage(dir, { metadata: { comment: 'ünïcode ▁piece' }, initializersAsInputs: true });
    const m = await readOnnxMetadata(join(dir, 'model.onnx'));
    expect(m.inputs.map((i) => i.name)).toEqual(['audio_signal', 'length']);
    expect(m.metadata['comment']).toBe('ünïcode ▁piece');
    expect(m.irVersion).toBe(8);
  });

  it('reads a 1 GB model without holding its weights in memory', async () => {
    // ModelProto { ir_version, graph { 4 initializers of 256 MB raw_data, input, output }, metadata_props }, the
    // weights left as a hole in a sparse file: no disk is written, but a reader that loads them needs 1 GB
    const varint = (v: number) => {
      const out: number[] = [];
      for (; v > 127; v = Math.floor(v / 128)) out.push((v % 128) | 128);
      return Buffer.from([...out, v]);
    };
    const field = (num: number, length: number) => Buffer.concat([varint((num << 3) | 2), varint(length)]);
    const bytes = (num: number, b: Buffer) => Buffer.concat([field(num, b.length), b]);
    const str = (num: number, s: string) => bytes(num, Buffer.from(s));
    const raw = 256 << 20;
    const heads = [0, 1, 2, 3].map((i) => Buffer.concat([Buffer.from([0x10, 1]), str(8, `w${i}`), field(9, raw)]));
    const inits = heads.map((h) => field(5, h.length + raw));
    const io = Buffer.concat([bytes(11, str(1, 'audio_signal')), bytes(12, str(1, 'logprobs'))]);
    const graphLength = heads.reduce((n, h, i) => n + inits[i]!.length + h.length + raw, 0) + io.length;
    const file = join(root, 'big.onnx');
    const fd = openSync(file, 'w');
    let pos = 0;
    const put = (b: Buffer) => (pos += writeSync(fd, b, 0, b.length, pos));
    put(Buffer.concat([Buffer.from([8, 8]), field(7, graphLength)]));
    heads.forEach((h, i) => {
      put(Buffer.concat([inits[i]!, h]));
      pos += raw;
    });
    put(io);
    put(bytes(14, Buffer.concat([str(1, 'vocab_size'), str(2, '1024')])));
    closeSync(fd);
    const before = process.memoryUsage().rss;
    const m = await readOnnxMetadata(file);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
    expect(m.metadata).toEqual({ vocab_size: '1024' });
    expect([m.inputs.map((i) => i.name), m.outputs.map((o) => o.name)]).toEqual([['audio_signal'], ['logprobs']]);
    rmSync(file);
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
