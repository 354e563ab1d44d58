import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import type { LogProbs } from '../src/decode/types.ts';
import type { AcousticModel } from '../src/model/AcousticModel.ts';
import { decodeAudioFile } from '../src/node/audio/decodeAudioFile.ts';
import { transcribeSamples } from '../src/transcribe/transcribeSamples.ts';
import { createSherpaRecognizer, type SherpaOnnxSection, sherpaText } from './createSherpaRecognizer.ts';
import { greedyText, wordsText } from './greedyText.ts';
import { median } from './median.ts';
import { OVERLAP_SECONDS, type PipelineWindow, WINDOW_SECONDS } from './pipelineWindows.ts';
import type { BenchUtterance } from './synthesizeSpeech.ts';

/** One transcript that differs between the two engines. */
export interface TextDifference {
  where: string;
  verbatim: string;
  sherpa: string;
}

/** Verbatim against sherpa-onnx-node running the same model file on the same audio. */
export interface SherpaFigures {
  threads: number;
  /** The recording in the pipeline's windows: Verbatim's in-memory pipeline (features, model, stitching, greedy words) vs sherpa-onnx decoding each window as one stream. Median ms over the runs. */
  windows: { count: number; runs: number; verbatimMs: number; sherpaMs: number; ratio: number; identical: number };
  /** Each synthesised sentence on its own. */
  utterances: { count: number; verbatimMs: number; sherpaMs: number; ratio: number; identical: number };
  /** The first few differing transcripts of each kind. */
  differences: { windows: TextDifference[]; utterances: TextDifference[] };
}

const MAX_DIFFERENCES = 3;

/**
 * Runs sherpa-onnx-node's offline recogniser (greedy search, same thread count) on the same model file: once over
 * the recording cut into the pipeline's windows (sherpa decodes one stream at a time; each window is one stream,
 * copied out beforehand) against Verbatim transcribing the same samples, and once per synthesised sentence.
 * Verbatim's per-window texts come from the pipeline benchmark's model outputs on the same windows.
 */
export async function benchSherpa(options: {
  bundle: ModelBundle;
  section: SherpaOnnxSection;
  model: AcousticModel;
  samples: Float32Array;
  windows: readonly PipelineWindow[];
  windowLogProbs: readonly LogProbs[];
  utterances: readonly BenchUtterance[];
  threads: number;
  runs: number;
}): Promise<SherpaFigures> {
  const { bundle, model, samples, windows, threads, runs } = options;
  if (bundle.input.kind !== 'features') throw new Error('sherpa-onnx runs feature-input (NeMo-style) CTC models; this bundle takes raw audio');
  const rate = bundle.sampleRate;
  const recognizer = createSherpaRecognizer(bundle.dir, options.section, rate, bundle.input.frontEnd.numMelBins, threads);
  const boundary = bundle.wordBoundary;
  const pieces = windows.map((w) => samples.slice(w.start, w.end));
  const differences: SherpaFigures['differences'] = { windows: [], utterances: [] };
  const noteDifference = (list: TextDifference[], where: string, verbatim: string, sherpa: string) => {
    if (verbatim !== sherpa && list.length < MAX_DIFFERENCES) list.push({ where, verbatim, sherpa });
  };

  // warm-up of both sessions
  sherpaText(recognizer, pieces[0]!, rate, boundary);
  await transcribeSamples(pieces[0]!, bundle, model, { decoder: 'greedy' });

  const verbatimRunsMs: number[] = [];
  const sherpaRunsMs: number[] = [];
  let sherpaTexts: string[] = [];
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    await transcribeSamples(samples, bundle, model, { decoder: 'greedy', windowSeconds: WINDOW_SECONDS, overlapSeconds: OVERLAP_SECONDS });
    verbatimRunsMs.push(performance.now() - t0);
    t0 = performance.now();
    sherpaTexts = pieces.map((piece) => sherpaText(recognizer, piece, rate, boundary));
    sherpaRunsMs.push(performance.now() - t0);
  }
  let identicalWindows = 0;
  windows.forEach((w, i) => {
    const ours = greedyText(options.windowLogProbs[i]!, bundle);
    if (ours === sherpaTexts[i]) identicalWindows++;
    noteDifference(differences.windows, `window ${i} (${(w.start / rate).toFixed(2)}-${(w.end / rate).toFixed(2)} s)`, ours, sherpaTexts[i]!);
  });

  let uttVerbatimMs = 0;
  let uttSherpaMs = 0;
  let identicalUtterances = 0;
  for (const [i, u] of options.utterances.entries()) {
    const audio = await decodeAudioFile(u.file, { sampleRate: rate });
    let t0 = performance.now();
    const ours = wordsText((await transcribeSamples(audio, bundle, model, { decoder: 'greedy' })).words);
    uttVerbatimMs += performance.now() - t0;
    t0 = performance.now();
    const theirs = sherpaText(recognizer, audio, rate, boundary);
    uttSherpaMs += performance.now() - t0;
    if (ours === theirs) identicalUtterances++;
    noteDifference(differences.utterances, `utterance ${i} (${u.voice}: "${u.text}")`, ours, theirs);
  }

  const verbatimMs = median(verbatimRunsMs);
  const sherpaMs = median(sherpaRunsMs);
  return {
    threads,
    windows: { count: windows.length, runs, verbatimMs, sherpaMs, ratio: verbatimMs / sherpaMs, identical: identicalWindows },
    utterances: {
      count: options.utterances.length,
      verbatimMs: uttVerbatimMs,
      sherpaMs: uttSherpaMs,
      ratio: uttVerbatimMs / uttSherpaMs,
      identical: identicalUtterances,
    },
    differences,
  };
}
