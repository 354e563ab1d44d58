import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createVocabularyGraph, type VocabularyEntry } from '@verbatim/asr';
import { loadModelBundle, TranscriberPool, type TranscriptionResult } from '@verbatim/asr/node';
import { segmentWords, toDocx, toJson, toSrt, toTxt, toVtt, type Transcript } from '@verbatim/core';
import { loadDomainText } from './loadDomainText.ts';
import { loadVocabularyFile } from './loadVocabularyFile.ts';
import { UsageError, type OutputFormat, type TranscribeOptions } from './parseCliArgs.ts';
import { ProgressView, type ProgressStream } from './ProgressView.ts';
import { outputPath, writeOutput } from './writeOutput.ts';

export interface FileOutcome {
  file: string;
  ok: boolean;
  output?: string;
  error?: string;
  audioSeconds?: number;
}

export interface RunSummary {
  outcomes: FileOutcome[];
  audioSeconds: number;
  wallSeconds: number;
  cancelled: boolean;
}

/** The model bundle could not be loaded: exit code 3. */
export class BundleLoadError extends Error {
  override name = 'BundleLoadError';
}

export function toTranscript(result: TranscriptionResult): Transcript {
  return {
    language: 'en',
    duration: result.duration,
    // with speakers, the worker's turns (split at speaker changes); else paragraphs at pauses and sentence ends
    segments: result.segments ?? segmentWords(result.words),
    model: result.model,
    plugins: [],
    createdAt: new Date().toISOString(),
  };
}

// what the reader should know about the output: which word LM decoded it (adapted only when there was domain text or a
// vocabulary to adapt it to), no punctuation model, fewer voices than asked for
function resultNotes(result: TranscriptionResult, adaptable: boolean): string {
  const notes: string[] = [result.lm === 'off' ? 'no word LM' : result.lm === 'adapted' && adaptable ? "the model's word LM adapted to the domain text and vocabulary" : "the model's word LM"];
  if (result.notes.punctuation === 'unavailable') notes.push(`unpunctuated: ${result.notes.punctuationNote ?? 'no punctuation model'}`);
  if (result.notes.speakersNote !== undefined) notes.push(result.notes.speakersNote);
  return `; ${notes.join('; ')}`;
}

async function render(t: Transcript, format: OutputFormat): Promise<string | Uint8Array> {
  switch (format) {
    case 'txt': return toTxt(t);
    case 'srt': return toSrt(t);
    case 'vtt': return toVtt(t);
    case 'json': return toJson(t);
    case 'docx': return toDocx(t);
  }
}

/**
 * Transcribes every file through a worker pool, writing one output per file as it finishes. A failing file is
 * reported and the rest go on; aborting `signal` cancels queued and running jobs and writes nothing more.
 */
export async function transcribeFiles(opts: TranscribeOptions, defaultModel: string, progressOut: ProgressStream, signal: AbortSignal): Promise<RunSummary> {
  const bundleDir = opts.model ?? defaultModel;
  let vocabulary: VocabularyEntry[] | undefined;
  let domainText: string[] = [];
  try {
    const bundle = await loadModelBundle(bundleDir);
    if ((opts.lm === 'base' || opts.lm === 'adapted') && bundle.lm === undefined) {
      throw new UsageError(`--lm ${opts.lm}: the model ${bundle.id} ${bundle.version} has no language model (use --lm off)`);
    }
    if (opts.domainText.length > 0 && bundle.lm === undefined) {
      throw new UsageError(`--domain-text adapts a language model, and the model ${bundle.id} ${bundle.version} has none`);
    }
    domainText = await loadDomainText(opts.domainText);
    if (opts.vocab) {
      vocabulary = await loadVocabularyFile(opts.vocab);
      createVocabularyGraph(bundle, vocabulary); // reject bad entries before any audio is read
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if ((err as Error).name === 'VocabularyError') throw new UsageError((err as Error).message);
    throw new BundleLoadError(`cannot load the model bundle ${bundleDir}: ${(err as Error).message}`);
  }
  if (opts.out) {
    const s = await stat(opts.out).catch(() => undefined);
    if (!s?.isDirectory()) throw new UsageError(`--out ${opts.out} is not an existing directory`);
  }
  const targets = new Map<string, string>();
  for (const file of opts.files) {
    const target = outputPath(file, opts.format, opts.out);
    const other = targets.get(target);
    if (other !== undefined) throw new UsageError(`${other} and ${file} would both be written to ${target}; rename one or transcribe them separately`);
    targets.set(target, file);
  }

  const started = performance.now();
  const view = new ProgressView(opts.files.map((f) => basename(f)), progressOut, !opts.quiet);
  const pool = new TranscriberPool({ bundleDir, workers: Math.min(opts.workers, opts.files.length), threadsPerWorker: opts.threads });
  try {
    await pool.ready().catch((err: Error) => {
      throw new BundleLoadError(`cannot load the model bundle ${bundleDir}: ${err.message}`);
    });
    const outcomes = await Promise.all(opts.files.map(async (file, i): Promise<FileOutcome> => {
      try {
        const target = outputPath(file, opts.format, opts.out);
        const result = await pool.transcribeFile(file, {
          ...(opts.decoder === undefined ? {} : { decoder: opts.decoder }),
          ...(opts.beam === undefined ? {} : { beam: opts.beam }),
          ...(opts.lm === undefined ? {} : { lm: opts.lm }),
          ...(domainText.length ? { domainText } : {}),
          ...(opts.punctuate === undefined ? {} : { punctuate: opts.punctuate }),
          ...(opts.speakers === undefined ? {} : { speakers: opts.speakers }),
          vocabulary,
          signal,
          onProgress: (fraction) => view.update(i, fraction ?? 0),
        });
        if (signal.aborted) throw signal.reason;
        await writeOutput(target, await render(toTranscript(result), opts.format), opts.overwrite);
        view.finish(i, 'done', `${result.duration.toFixed(1)} s of audio${resultNotes(result, domainText.length > 0 || (vocabulary?.length ?? 0) > 0)}`);
        return { file, ok: true, output: target, audioSeconds: result.duration };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        view.finish(i, signal.aborted ? 'cancelled' : 'failed', signal.aborted ? '' : message);
        return { file, ok: false, error: message };
      }
    }));
    const audioSeconds = outcomes.reduce((s, o) => s + (o.audioSeconds ?? 0), 0);
    return { outcomes, audioSeconds, wallSeconds: (performance.now() - started) / 1000, cancelled: signal.aborted };
  } finally {
    await pool.dispose();
  }
}
