// The recipe end to end on tiny data: text, speech, features, a few training steps, export, evaluation, bundle;
// then the real-data path (fine-tune a bundle from a NeMo-style manifest) and a bad manifest. Real tools all the
// way: espeak-ng, flite, sox, PyTorch, ONNX export, onnxruntime-node.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleParity, readModelJson } from './bundle.ts';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const runPy = join(import.meta.dirname, '..', 'recipe', 'run.py');
// Festival is a recipe-only tool CI does not install: go on without it (stage 0 names it); train_more at 1 h x 0.01
const tiny = ['--scale', '0.01', '--batch-seconds', '40', '--d-model', '32', '--layers', '1', '--heads', '2', '--threads', '1',
  '--allow-missing-voices', '--more-hours', '1'];

function recipe(args: string[]) {
  // stage 8 runs the LM tools with this same Node
  const r = spawnSync(python, [runPy, ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, NODE: process.execPath } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('model recipe smoke test', () => {
  const root = mkdtempSync(join(tmpdir(), 'verbatim-recipe-'));
  const work = join(root, 'work');
  const bundle = join(root, 'bundle');
  let first: { code: number | null; out: string };

  beforeAll(() => {
    // stages 0-8; stage 9 (the punctuation tagger) reads every punctuated text on the machine and trains for minutes
    // whatever the scale: its pieces are tested in recipe/tests/test_punct.py and the runtime's in packages/asr
    first = recipe(['--work-dir', work, '--bundle-dir', bundle, '--max-steps', '6', '--stop-stage', '8', ...tiny]);
  }, 300_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs every stage and reports progress', () => {
    expect(first.code, first.out).toBe(0);
    for (let s = 0; s <= 8; s++) expect(first.out).toContain(`=== stage ${s}:`);
    expect(first.out).toMatch(/synth: train: \d+\/\d+ .*ETA/);
    expect(first.out).toMatch(/train: stopped at step 6/);
  });

  it('writes a complete bundle whose ONNX export matches PyTorch', async () => {
    const model = readModelJson(bundle);
    expect(model.input.frontEnd.numMelBins).toBe(80);
    expect(model.output.subsamplingFactor).toBe(4);
    expect(model.tokens).toHaveLength(29);
    for (const f of ['model.onnx', 'tokens.txt', 'eval.json', 'MODEL_CARD.md', 'checkpoint.pt', 'fixtures/fixtures.json', 'lm.bin', 'lm-eval.json']) {
      expect(existsSync(join(bundle, f)), f).toBe(true);
    }
    const { maxDiff, greedy } = await bundleParity(bundle);
    expect(maxDiff).toBeLessThanOrEqual(1e-3);
    for (const g of greedy) expect(g.got).toBe(g.expected);
    const card = readFileSync(join(bundle, 'MODEL_CARD.md'), 'utf8');
    expect(card).toContain('synthetic');
    // stage 8: the LM was built from the training text, tuned on dev and recorded with its hash and weights
    expect(model.lm.file).toBe('lm.bin');
    expect(model.lm.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.lm.alpha).toBeGreaterThan(0);
    expect(model.lm.tunedOn.sets).toEqual(['dev', 'dev_noisy']);
    expect(first.out).toMatch(/tune: best alpha/);
    expect(first.out).toMatch(/eval: general sets WER greedy/);
  });

  it('skips finished stages instead of overwriting them', () => {
    const again = recipe(['--work-dir', work, '--bundle-dir', bundle, '--stage', '1', '--stop-stage', '4', ...tiny]);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('text: ');
    expect(again.out).toMatch(/synth: train: .* exists .* skipped/);
    expect(again.out).toMatch(/train: .*final\.pt exists, skipped/);
  }, 300_000);

  it('fine-tunes the bundle on a NeMo-style manifest of "real" recordings', async () => {
    const clean = readFileSync(join(work, 'manifests', 'test_clean.jsonl'), 'utf8').trim().split('\n').slice(0, 4);
    const manifest = join(root, 'real.jsonl');
    writeFileSync(manifest, clean.map((l) => {
      const r = JSON.parse(l);
      return JSON.stringify({ audio_filepath: r.audio_filepath, duration: r.duration, text: r.text });
    }).join('\n') + '\n');
    const ftBundle = join(root, 'finetuned');
    const ft = recipe(['--work-dir', join(root, 'ft'), '--bundle-dir', ftBundle, '--no-synth', '--manifest', manifest,
      '--dev-manifest', manifest, '--init-from', bundle, '--max-steps', '2', '--stop-stage', '8', ...tiny]);
    expect(ft.code, ft.out).toBe(0);
    expect(ft.out).toContain('fine-tuning from');
    const { maxDiff } = await bundleParity(ftBundle);
    expect(maxDiff).toBeLessThanOrEqual(1e-3);
  }, 300_000);

  it('rejects a manifest line that points at a missing file, naming the line', () => {
    const bad = join(root, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ audio_filepath: '/etc/hostname', text: 'fine' })}\n${JSON.stringify({ audio_filepath: 'gone.wav', text: 'x' })}\n`);
    const r = recipe(['--work-dir', join(root, 'bad'), '--no-synth', '--manifest', bad, '--stage', '3', '--stop-stage', '3']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/line 2: audio file .*gone\.wav is missing or unreadable/);
  });
});
