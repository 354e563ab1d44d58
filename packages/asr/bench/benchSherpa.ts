import { alternate, ratioSpread, type Spread, spreadOf, timed } from '../../../tests/bench/alternatingRuns.ts';
import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import type { LogProbs } from '../src/decode/types.ts';
import type { AcousticModel } from '../src/model/AcousticModel.ts';
import { decodeAudioFile } from '../src/node/audio/decodeAudioFile.ts';
import { transcribeSamples } from '../src/transcribe/transcribeSamples.ts';
import { createSherpaRecognizer, type SherpaOnnxSection, sherpaText } from './createSherpaRecognizer.ts';
import { greedyText, wordsText } from './greedyText.ts';
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
  /** The recording in the pipeline's windows: Verbatim's in-memory pipeline (features, model, stitching, greedy words) vs sherpa-onnx decoding each window as one stream. ms over the runs, which alternate which engine goes first. */
  windows: { count: number; runs: number; verbatimMs: Spread; sherpaMs: Spread; ratio: Spread; identical: number };
  /** Each synthesised sentence on its own: all sentences per run, ms, the engines' order alternating from run to run. */
  utterances: { count: number; runs: number; verbatimMs: Spread; sherpaMs: Spread; ratio: Spread; identical: number };
  /** The first few differing transcripts of each kind. */
  differences: { windows: TextDifference[]; utterances: TextDifference[] };
}

const MAX_DIFFERENCES = 3;

/**
 * Runs sherpa-onnx-node's offline recogniser (greedy search, same thread count) on the same model file: once over
 * the recording cut into the pipeline's windows (sherpa decodes one stream at a time; each window is one stream,
 * copied out beforehand) against Verbatim transcribing the same samples, and once per synthesised sentence.
 * Verbatim's per-window texts come from the pipeline benchmark's model outputs on the same windows. Each comparison
 * runs `runs` times, Verbatim first in one run and sherpa-onnx first in the next.
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

  let sherpaTexts: string[] = [];
  const windowRuns = await alternate(runs, {
    verbatim: () => timed(() => transcribeSamples(samples, bundle, model, { decoder: 'greedy', windowSeconds: WINDOW_SECONDS, overlapSeconds: OVERLAP_SECONDS })),
    sherpa: () => timed(() => (sherpaTexts = pieces.map((piece) => sherpaText(recognizer, piece, rate, boundary)))),
  });
  let identicalWindows = 0;
  windows.forEach((w, i) => {
    const ours = greedyText(options.windowLogProbs[i]!, bundle);
    if (ours === sherpaTexts[i]) identicalWindows++;
    noteDifference(differences.windows, `window ${i} (${(w.start / rate).toFixed(2)}-${(w.end / rate).toFixed(2)} s)`, ours, sherpaTexts[i]!);
  });

  const utterances = await Promise.all(options.utterances.map((u) => decodeAudioFile(u.file, { sampleRate: rate })));
  let ourTexts: string[] = [];
  let theirTexts: string[] = [];
  const utteranceRuns = await alternate(runs, {
    verbatim: () => timed(async () => {
      const texts: string[] = [];
      for (const audio of utterances) texts.push(wordsText((await transcribeSamples(audio, bundle, model, { decoder: 'greedy' })).words));
      ourTexts = texts;
    }),
    sherpa: () => timed(() => (theirTexts = utterances.map((audio) => sherpaText(recognizer, audio, rate, boundary)))),
  });
  let identicalUtterances = 0;
  for (const [i, u] of options.utterances.entries()) {
    if (ourTexts[i] === theirTexts[i]) identicalUtterances++;
    noteDifference(differences.utterances, `utterance ${i} (${u.voice}: "${u.text}")`, ourTexts[i]!, theirTexts[i]!);
  }

  const figures = (r: { verbatim: number[]; sherpa: number[] }) => ({
    verbatimMs: spreadOf(r.verbatim),
    sherpaMs: spreadOf(r.sherpa),
    ratio: ratioSpread(r.verbatim, r.sherpa),
  });
  return {
    threads,
    windows: { count: windows.length, runs, ...figures(windowRuns.results), identical: identicalWindows },
    utterances: { count: options.utterances.length, runs, ...figures(utteranceRuns.results), identical: identicalUtterances },
    differences,
  };
}
