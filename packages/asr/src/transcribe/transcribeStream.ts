import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { ContextGraph } from '../decode/contextGraph.ts';
import { greedySearch } from '../decode/greedySearch.ts';
import { prefixBeamSearch } from '../decode/prefixBeamSearch.ts';
import type { LogProbs } from '../decode/types.ts';
import { computeFeatures } from '../frontend/computeFeatures.ts';
import type { AcousticModel } from '../model/AcousticModel.ts';
import { wordsFromHypothesis } from '../words/wordsFromHypothesis.ts';
import { createVocabularyGraph } from './createVocabularyGraph.ts';
import { LogProbStitcher } from './LogProbStitcher.ts';
import { planWindows } from './planWindows.ts';
import { TranscribeError } from './TranscribeError.ts';
import type { TranscribeOptions, TranscribeResult, TranscribeTimings } from './TranscribeOptions.ts';

const DEFAULT_WINDOW_SECONDS = 30;
const DEFAULT_OVERLAP_SECONDS = 2;
// share of the progress bar given to audio + model; the final decode takes the rest
const AUDIO_SHARE = 0.95;

/**
 * Transcribes audio that arrives in blocks (mono, at the bundle's sample rate), in bounded memory: the audio is cut
 * into overlapping windows (`windowSeconds`, with `overlapSeconds` of context on each side), each window goes
 * through the front end and the model as it fills, and only the output frames whose centre falls in the window's own
 * core are kept, so the stitched log-prob matrix covers the audio exactly once. The matrix is then decoded once.
 * Memory: one window of audio plus the log-probs (about 16 MB for 90 minutes of a 40 ms, 29-symbol model).
 *
 * @throws {TranscribeError} for bad options or a model from another bundle; the signal's reason when aborted.
 * @example
 * const { words } = await transcribeStream(audio.blocks(), bundle, model, { onProgress: (f) => bar.update(f), signal });
 */
export async function transcribeStream(
  blocks: AsyncIterable<Float32Array> | Iterable<Float32Array>,
  bundle: ModelBundle,
  model: AcousticModel,
  options: TranscribeOptions = {},
): Promise<TranscribeResult> {
  const t0 = performance.now();
  const { signal, onProgress, durationSeconds } = options;
  if (model.bundle.modelHash !== bundle.modelHash) {
    throw new TranscribeError('model-mismatch', `the model was loaded from ${model.bundle.modelFile}, not from bundle ${bundle.id} ${bundle.version}`);
  }
  const { languageModel } = options;
  const decoder = options.decoder ?? (options.vocabulary || languageModel ? 'beam' : 'greedy');
  if (decoder !== 'greedy' && decoder !== 'beam') throw new TranscribeError('invalid-option', `decoder must be "greedy" or "beam", got ${JSON.stringify(decoder)}`);
  if (languageModel && decoder !== 'beam') throw new TranscribeError('invalid-option', 'a language model needs the beam decoder, not greedy');
  const graph = options.vocabulary === undefined || options.vocabulary instanceof ContextGraph
    ? options.vocabulary
    : createVocabularyGraph(bundle, options.vocabulary);
  const { frameSamples, coreSamples, overlapSamples } = planWindows(
    bundle.sampleRate,
    bundle.output.frameShiftSeconds,
    options.windowSeconds ?? DEFAULT_WINDOW_SECONDS,
    options.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS,
  );
  signal?.throwIfAborted();

  const timings: TranscribeTimings = { readMs: 0, featuresMs: 0, modelMs: 0, decodeMs: 0, totalMs: 0, windows: 0 };
  // sized from the stated length up front, but a lying header must not allocate gigabytes: past 4 hours it grows
  const statedFrames = durationSeconds ? Math.ceil((durationSeconds * bundle.sampleRate) / frameSamples) + 1 : 0;
  const expectedFrames = Math.min(statedFrames, Math.ceil((4 * 3600 * bundle.sampleRate) / frameSamples));
  const stitcher = new LogProbStitcher(bundle.tokens.length, bundle.blankId, expectedFrames);
  const progress = (seconds: number, fraction: number | undefined) => {
    if (onProgress) onProgress(fraction, seconds);
  };
  const audioFraction = (seconds: number) =>
    durationSeconds && durationSeconds > 0 ? AUDIO_SHARE * Math.min(1, seconds / durationSeconds) : undefined;

  // window = [bufStart, bufStart + len); its core starts at coreStart and (unless it is the last) spans coreSamples
  const buf = new Float32Array(coreSamples + 2 * overlapSamples);
  let bufStart = 0;
  let len = 0;
  let coreStart = 0;

  const runWindow = async (coreEnd: number) => {
    signal?.throwIfAborted();
    const samples = buf.subarray(0, len);
    let lp: LogProbs;
    if (bundle.input.kind === 'features') {
      const tf = performance.now();
      const feats = computeFeatures(samples, bundle.input.frontEnd);
      const tm = performance.now();
      timings.featuresMs += tm - tf;
      lp = await model.run(feats);
      timings.modelMs += performance.now() - tm;
    } else {
      const tm = performance.now();
      lp = await model.run(samples);
      timings.modelMs += performance.now() - tm;
    }
    timings.windows++;
    signal?.throwIfAborted();
    const windowFrame = bufStart / frameSamples;
    stitcher.add(lp, windowFrame, coreStart / frameSamples, coreEnd === Infinity ? Infinity : coreEnd / frameSamples);
    const done = Math.min(coreEnd, bufStart + len) / bundle.sampleRate;
    progress(done, audioFraction(done));
  };

  const iterator = (Symbol.asyncIterator in blocks ? blocks[Symbol.asyncIterator]() : blocks[Symbol.iterator]()) as AsyncIterator<Float32Array> | Iterator<Float32Array>;
  let finished = false;
  try {
    for (;;) {
      const tr = performance.now();
      const next = await iterator.next();
      timings.readMs += performance.now() - tr;
      if (next.done) {
        finished = true;
        break;
      }
      const block = next.value;
      for (let off = 0; off < block.length;) {
        const windowEnd = coreStart + coreSamples + overlapSamples;
        const take = Math.min(windowEnd - (bufStart + len), block.length - off);
        buf.set(block.subarray(off, off + take), len);
        len += take;
        off += take;
        if (bufStart + len < windowEnd) continue;
        await runWindow(coreStart + coreSamples);
        // the next window starts `overlapSamples` before its core
        const nextStart = coreStart + coreSamples - overlapSamples;
        buf.copyWithin(0, nextStart - bufStart, len);
        len -= nextStart - bufStart;
        bufStart = nextStart;
        coreStart += coreSamples;
      }
    }
  } finally {
    // stop the source (closes a file, a decoder) when we leave early; its own failure must not hide ours
    if (!finished) await Promise.resolve(iterator.return?.()).catch(() => {});
  }
  const totalSamples = bufStart + len;
  if (totalSamples > coreStart) await runWindow(Infinity);
  const duration = totalSamples / bundle.sampleRate;

  const td = performance.now();
  const lp = stitcher.result();
  let words: TranscribeResult['words'] = [];
  if (lp.frames > 0) {
    const hyp = decoder === 'beam'
      ? prefixBeamSearch(lp, {
          blankId: bundle.blankId,
          ...(options.beam === undefined ? (languageModel && bundle.lm ? { beam: bundle.lm.beam } : {}) : { beam: options.beam }),
          ...(graph === undefined ? {} : { boosting: graph }),
          ...(languageModel === undefined ? {} : { lm: languageModel }),
          ...(signal === undefined ? {} : { signal }),
          onProgress: (done, frames) => progress(duration, durationSeconds ? AUDIO_SHARE + (1 - AUDIO_SHARE) * (done / frames) : undefined),
        })[0]
      : greedySearch(lp, bundle.blankId);
    const calibration = languageModel && bundle.lm?.calibration ? bundle.lm.calibration : bundle.confidence.calibration;
    // a logistic calibration also reads the best-path reading and the LM (one argmax pass: a fraction of the search)
    const context = calibration?.method === 'logistic' && languageModel ? { greedy: greedySearch(lp, bundle.blankId), lm: languageModel.lm } : undefined;
    if (hyp) words = wordsFromHypothesis(hyp, lp, bundle, graph, calibration, context);
  }
  timings.decodeMs = performance.now() - td;
  timings.totalMs = performance.now() - t0;
  progress(duration, 1);
  return { words, duration, timings };
}
