// A prepared package transcribes through the ordinary runtime: BPE pieces and `|` delimiters make the right words
// and timings, and the bundled model's own ONNX and tokens.txt, prepared as a sherpa-onnx package, transcribe
// exactly as its hand-written bundle does.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscribeOptions } from '../../transcribe/TranscribeOptions.ts';
import { transcribeSamples } from '../../transcribe/transcribeSamples.ts';
import { fixturePath, readFixtures, readWav16, testBundleDir } from '../../../test/testFixtures.ts';
import { writeSherpaNemoCtcPackage, writeWav2vec2CtcPackage } from '../../../test/modelPackages.ts';
import { loadAcousticModel } from '../loadAcousticModel.ts';
import { loadModelBundle } from '../loadModelBundle.ts';
import { prepareModelPackage } from './prepareModelPackage.ts';

const root = mkdtempSync(join(tmpdir(), 'vwb-prepared-'));
let n = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Prepares the package in `dir`, writes its model.json there and transcribes `samples` (greedily unless told). */
async function transcribe(dir: string, samples: Float32Array, options: TranscribeOptions = { decoder: 'greedy' }) {
  const { modelJson } = await prepareModelPackage(dir);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  const bundle = await loadModelBundle(dir);
  const model = await loadAcousticModel(bundle, { intraOpNumThreads: 1 });
  try {
    return await transcribeSamples(samples, bundle, model, options);
  } finally {
    await model.dispose();
  }
}

describe('a prepared sherpa-onnx NeMo CTC package', () => {
  it('merges BPE pieces into words at ▁, skips <unk>, and times words by their frames', async () => {
    const dir = join(root, `p${n++}`);
    const frames = ['re', '<blk>', '▁the', 're', '<blk>', '▁a', '<blk>', '▁', 's', 'e', '<unk>', 'e', 'n', '▁cat', 's'];
    const { seconds } = writeSherpaNemoCtcPackage(dir, { frames });
    const { words } = await transcribe(dir, new Float32Array(Math.round(seconds * 16000)));
    expect(words.map((w) => [w.text, w.start, w.end])).toEqual([
      ['re', 0, 0.04], // a leading piece without ▁ still starts a word
      ['there', 0.08, 0.16],
      ['a', 0.2, 0.24],
      ['seen', 0.32, 0.52], // ▁ alone opens the word; <unk> is no text and does not split it
      ['cats', 0.52, 0.6],
    ]);
    // uncalibrated: the raw max-prob score, the table's 0.96
    expect(words[1]!.confidence).toBeCloseTo(0.96, 5);
  });

  it('is a package sherpa-onnx itself runs as a NeMo CTC model, reading the same words at the same times', async () => {
    const dir = join(root, `p${n++}`);
    const frames = ['▁the', 're', '<blk>', '▁', 's', '<blk>', '▁cat', '<unk>', 's', '<blk>', '<blk>', '▁b', 'e', '<blk>', 'e', 'n'];
    const { seconds } = writeSherpaNemoCtcPackage(dir, { frames });
    const samples = new Float32Array(Math.round(seconds * 16000));
    const sherpa = createRequire(import.meta.url)('sherpa-onnx-node') as { OfflineRecognizer: new (config: unknown) => SherpaRecognizer };
    const recognizer = new sherpa.OfflineRecognizer({
      featConfig: { sampleRate: 16000, featureDim: 80 },
      modelConfig: { nemoCtc: { model: join(dir, 'model.onnx') }, tokens: join(dir, 'tokens.txt'), numThreads: 1, provider: 'cpu', debug: 0 },
      decodingMethod: 'greedy_search',
    });
    const stream = recognizer.createStream();
    stream.acceptWaveform({ sampleRate: 16000, samples });
    recognizer.decode(stream);
    const result = recognizer.getResult(stream);
    // sherpa-onnx writes ▁ as a space and keeps <unk> in the text; a word starts at its first piece with letters
    const theirs: [string, number][] = [];
    let open = false;
    result.tokens.forEach((piece, i) => {
      if (piece === '<unk>') return;
      if (piece.startsWith(' ')) open = false;
      const text = piece.trim();
      if (text === '') return;
      if (open) theirs.at(-1)![0] += text;
      else theirs.push([text, Math.round(result.timestamps[i]! * 1e6) / 1e6]);
      open = true;
    });
    const { words } = await transcribe(dir, samples);
    expect(theirs).toEqual([['there', 0], ['s', 0.16], ['cats', 0.24], ['been', 0.44]]);
    expect(words.map((w) => [w.text, w.start])).toEqual(theirs);
  });
});

/** The slice of sherpa-onnx-node's offline recogniser this test drives (the package ships no types). */
interface SherpaRecognizer {
  createStream(): { acceptWaveform(wave: { sampleRate: number; samples: Float32Array }): void };
  decode(stream: unknown): void;
  getResult(stream: unknown): { text: string; tokens: string[]; timestamps: number[] };
}

describe('a prepared wav2vec2 CTC package', () => {
  it('splits words at | and lower-cases an upper-case vocabulary', async () => {
    const dir = join(root, `p${n++}`);
    const pkg = writeWav2vec2CtcPackage(dir);
    const { words } = await transcribe(dir, pkg.signal(['THE', 'CAT', 'SEES', 'TO']));
    expect(words.map((w) => w.text)).toEqual(['the', 'cat', 'sees', 'to']);
    // two frames of 20 ms a letter after two blank frames
    expect([words[0]!.start, words[0]!.end]).toEqual([0.04, 0.16]);
  });

  it('spells vocabulary entries in its upper-case letters, and shows their displayAs as written', async () => {
    const dir = join(root, `p${n++}`);
    const pkg = writeWav2vec2CtcPackage(dir);
    const { words } = await transcribe(dir, pkg.signal(['THE', 'CAT', 'SEES', 'TO']), { vocabulary: [{ phrase: 'cat sees', displayAs: 'CatSees' }] });
    expect(words.map((w) => w.text)).toEqual(['the', 'CatSees', 'to']);
  });

  it('keeps the case when the package says nothing about it (a lower-case vocabulary)', async () => {
    const dir = join(root, `p${n++}`);
    const pkg = writeWav2vec2CtcPackage(dir, { vocab: { '<pad>': 0, '|': 1, t: 2, o: 3, O: 4 } });
    const { words } = await transcribe(dir, pkg.signal(['tO', 'to']));
    expect(words.map((w) => w.text)).toEqual(['tO', 'to']);
  });
});

describe("the bundled model's own model.onnx and tokens.txt as a sherpa-onnx package", () => {
  const dir = join(root, 'verbatim-en-char-sherpa');
  beforeAll(() => {
    mkdirSync(dir);
    copyFileSync(join(testBundleDir, 'model.onnx'), join(dir, 'model.onnx'));
    copyFileSync(join(testBundleDir, 'tokens.txt'), join(dir, 'tokens.txt'));
  });
  const own = JSON.parse(readFileSync(join(testBundleDir, 'model.json'), 'utf8')) as Record<string, any>;

  it("prepares to the bundle's input, output, front end, tokens, blank and word boundary", async () => {
    const pkg = await prepareModelPackage(dir);
    expect(pkg.layout).toBe('sherpa-nemo-ctc');
    const generated = pkg.modelJson as Record<string, any>;
    expect(generated['input']).toEqual(own['input']);
    const { lengthFormula: _formula, ...output } = own['output'];
    expect(generated['output']).toEqual(output);
    expect(generated['sha256']).toBe(own['sha256']);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(generated));
    const mine = await loadModelBundle(dir);
    const theirs = await loadModelBundle(testBundleDir);
    expect(mine.input).toEqual(theirs.input);
    expect(mine.output).toEqual(theirs.output);
    expect(mine.tokens).toEqual(theirs.tokens);
    expect([mine.blankId, mine.wordBoundary]).toEqual([theirs.blankId, theirs.wordBoundary]);
    expect(mine.confidence.calibration).toBeUndefined();
  });

  it('transcribes the fixtures to the same words and timings as the bundle (LM off)', async () => {
    const { modelJson } = await prepareModelPackage(dir);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
    const bundles = [await loadModelBundle(testBundleDir), await loadModelBundle(dir)];
    const models = await Promise.all(bundles.map((b) => loadAcousticModel(b, { intraOpNumThreads: 1 })));
    try {
      let words = 0;
      for (const u of readFixtures().utterances) {
        const { samples } = readWav16(fixturePath(u.wav));
        const [a, b] = await Promise.all(bundles.map((bundle, i) => transcribeSamples(samples, bundle, models[i]!, { decoder: 'greedy' })));
        expect(b!.words.map((w) => [w.text, w.start, w.end])).toEqual(a!.words.map((w) => [w.text, w.start, w.end]));
        expect(b!.words.map((w) => w.text).join(' ')).toBe(u.greedy);
        words += a!.words.length;
      }
      expect(words).toBeGreaterThan(5);
    } finally {
      await Promise.all(models.map((m) => m.dispose()));
    }
  });
});
