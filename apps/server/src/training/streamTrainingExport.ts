import { createHash } from 'node:crypto';
import { openAudio } from '@verbatim/asr/node';
import type {
  ModelIdentityJson,
  TrainingDropReasonJson,
  TrainingExportInfoJson,
  TrainingExportReportJson,
  TrainingManifestLineJson,
  TrainingSplitCountsJson,
  TrainingSplitJson,
} from '@verbatim/core/api';
import { TrainingDropReasonJson as DropReasons } from '@verbatim/core/api';
import { pack as createPack, type Pack } from 'tar-stream';
import type { PlannedDrop } from './planSegments.ts';
import type { RecordingPlan, TrainingExportPlan } from './planTrainingExport.ts';
import { NORMALISATION } from './Alphabet.ts';
import { encodeWav } from './encodeWav.ts';
import { SPLIT_RULE, SPLIT_SHARES } from './splitOf.ts';
import type { TrainingExportCounts } from './TrainingExportStore.ts';

/** The rate of every WAV in an export. */
export const EXPORT_SAMPLE_RATE = 16000;
const MAX_EXAMPLES = 20;
const SPLITS: readonly TrainingSplitJson[] = ['train', 'dev', 'test'];

/** What export.json says besides the counts. */
export interface TrainingExportHeader {
  readonly exportId: string;
  readonly project: { id: string; name: string };
  readonly exportedBy: { id: string; name: string };
  readonly exportedAt: number;
  readonly alphabet: { characters: string; model: ModelIdentityJson };
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/** Options of {@link streamTrainingExport}. */
export interface StreamTrainingExportOptions {
  /** Called once when the tar ended (`complete`) or the reader stopped or failed first, with what was written. */
  readonly onEnd?: (complete: boolean, counts: TrainingExportCounts) => void;
  /** The ffmpeg command, for recordings in formats only ffmpeg reads. */
  readonly ffmpegPath?: string;
}

/**
 * The export as a tar stream (the layout TrainingExportJson.ts describes): recording by recording, each decoded to
 * 16 kHz mono as a stream and cut at its planned segments, every segment a WAV entry written as soon as it is cut,
 * then the three manifests, report.json and export.json. Memory is bounded by one segment and one decoded block,
 * whatever the recordings' length; the reader's pace drives the decoding. A recording that cannot be decoded is
 * reported (`audio-unreadable`) and the export goes on.
 */
export function streamTrainingExport(plan: TrainingExportPlan, header: TrainingExportHeader, options: StreamTrainingExportOptions = {}): ReadableStream<Uint8Array> {
  const pack = createPack();
  const abort = new AbortController();
  const manifests: Record<TrainingSplitJson, string[]> = { train: [], dev: [], test: [] };
  const seconds: Record<TrainingSplitJson, number> = { train: 0, dev: 0, test: 0 };
  const recordings: Record<TrainingSplitJson, Set<string>> = { train: new Set(), dev: new Set(), test: new Set() };
  const report = emptyReport();
  let ended = false;
  const counts = (): TrainingExportCounts => ({
    segments: SPLITS.reduce((sum, s) => sum + manifests[s].length, 0),
    seconds: SPLITS.reduce((sum, s) => sum + seconds[s], 0),
    recordings: SPLITS.reduce((sum, s) => sum + recordings[s].size, 0),
    dropped: Object.values(report.dropped).reduce((sum, d) => sum + d.count, 0),
  });
  const end = (complete: boolean) => {
    if (ended) return;
    ended = true;
    options.onEnd?.(complete, counts());
  };

  const write = async () => {
    const numbers = new Map<string, number>();
    for (const recording of plan.recordings) {
      for (const drop of recording.dropped) addDrop(report, recording, drop);
      if (recording.blobPath === null || recording.segments.length === 0) continue;
      await cutRecording(recording, recording.blobPath, async (segment, samples) => {
        const n = numbers.get(recording.mediaId) ?? 0;
        numbers.set(recording.mediaId, n + 1);
        const path = `audio/${recording.mediaId}/${n}.wav`;
        await entry(pack, path, encodeWav(samples, EXPORT_SAMPLE_RATE), header.exportedAt);
        const duration = samples.length / EXPORT_SAMPLE_RATE;
        const line: TrainingManifestLineJson = {
          audio_filepath: path,
          duration,
          text: segment.text,
          speaker: segment.speaker,
          attributes: { recording: { ...recording.recordingAttributes }, speaker: { ...recording.speakerAttributes(segment.speaker) } },
          transcript_id: recording.transcriptId,
          media_id: recording.mediaId,
          model: recording.model,
          offset_ms: segment.startMs,
        };
        manifests[recording.split].push(JSON.stringify(line));
        seconds[recording.split] += duration;
        recordings[recording.split].add(recording.mediaId);
        report.kept.segments += 1;
        report.kept.seconds += duration;
      }, (drop) => addDrop(report, recording, drop), { signal: abort.signal, ...(options.ffmpegPath !== undefined && { ffmpegPath: options.ffmpegPath }) });
    }
    const splits = {} as Record<TrainingSplitJson, TrainingSplitCountsJson>;
    for (const split of SPLITS) {
      const text = manifests[split].map((line) => `${line}\n`).join('');
      const bytes = Buffer.from(text, 'utf8');
      await entry(pack, `${split}.jsonl`, bytes, header.exportedAt);
      splits[split] = { segments: manifests[split].length, seconds: round3(seconds[split]), recordings: recordings[split].size, manifestSha256: createHash('sha256').update(bytes).digest('hex') };
    }
    report.kept.seconds = round3(report.kept.seconds);
    for (const d of Object.values(report.dropped)) d.seconds = round3(d.seconds);
    await entry(pack, 'report.json', Buffer.from(`${JSON.stringify(report, null, 2)}\n`), header.exportedAt);
    const info: TrainingExportInfoJson = {
      format: 'verbatim-training-export',
      formatVersion: 1,
      exportId: header.exportId,
      project: header.project,
      exportedBy: header.exportedBy,
      exportedAt: header.exportedAt,
      alphabet: header.alphabet,
      normalisation: NORMALISATION,
      segmentSeconds: { min: header.minSeconds, max: header.maxSeconds },
      split: { rule: SPLIT_RULE, ...SPLIT_SHARES },
      splits,
    };
    await entry(pack, 'export.json', Buffer.from(`${JSON.stringify(info, null, 2)}\n`), header.exportedAt);
    pack.finalize();
  };

  const iterator = pack[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        write().catch((error: unknown) => pack.destroy(error instanceof Error ? error : new Error(String(error))));
      }
      try {
        const next = await iterator.next();
        if (next.done === true) {
          end(true);
          controller.close();
        } else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      } catch (error) {
        end(false);
        controller.error(error);
      }
    },
    cancel() {
      end(false);
      abort.abort();
      pack.destroy();
    },
  });
}

/** Writes one file entry and resolves once the reader has taken it (backpressure). */
function entry(pack: Pack, name: string, data: Buffer, mtime: number): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry({ name, size: data.length, mode: 0o644, mtime: new Date(mtime) }, data, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Decodes the recording block by block and hands each planned segment its samples as soon as the decoded audio
 * covers it, keeping only the blocks from the current segment's start on.
 */
async function cutRecording(
  recording: RecordingPlan,
  path: string,
  onSegment: (segment: RecordingPlan['segments'][number], samples: Float32Array) => Promise<void>,
  onDrop: (drop: PlannedDrop) => void,
  options: { signal: AbortSignal; ffmpegPath?: string },
): Promise<void> {
  const segments = [...recording.segments].sort((a, b) => a.startMs - b.startMs);
  const toSample = (ms: number) => Math.round((ms / 1000) * EXPORT_SAMPLE_RATE);
  let blocks: Float32Array[] = [];
  let base = 0; // sample index of blocks[0][0]
  let buffered = 0; // samples in blocks
  let next = 0;
  const emitReady = async (final: boolean) => {
    while (next < segments.length) {
      const segment = segments[next]!;
      const from = toSample(segment.startMs);
      const to = toSample(segment.endMs);
      if (!final && base + buffered < to) return;
      next += 1;
      const samples = slice(blocks, base, from, Math.min(to, base + buffered));
      if (samples.length < (to - from) - EXPORT_SAMPLE_RATE / 2) {
        onDrop({ reason: 'audio-unreadable', startMs: segment.startMs, endMs: segment.endMs, text: segment.words.join(' '), detail: `the decoded recording ends at ${((base + buffered) / EXPORT_SAMPLE_RATE).toFixed(2)} s, before the segment does` });
        continue;
      }
      await onSegment(segment, samples);
      // drop whole blocks before the next segment's start
      const keepFrom = next < segments.length ? toSample(segments[next]!.startMs) : base + buffered;
      while (blocks.length > 0 && base + blocks[0]!.length <= keepFrom) {
        base += blocks[0]!.length;
        buffered -= blocks[0]!.length;
        blocks = blocks.slice(1);
      }
    }
  };
  let audio;
  try {
    audio = await openAudio(path, { sampleRate: EXPORT_SAMPLE_RATE, signal: options.signal, ...(options.ffmpegPath !== undefined && { ffmpegPath: options.ffmpegPath }) });
    try {
      for await (const block of audio.blocks()) {
        blocks.push(block);
        buffered += block.length;
        await emitReady(false);
        if (next >= segments.length) break;
      }
    } finally {
      await audio.dispose();
    }
    await emitReady(true);
  } catch (error) {
    if (options.signal.aborted) throw error;
    for (const segment of segments.slice(next)) {
      onDrop({ reason: 'audio-unreadable', startMs: segment.startMs, endMs: segment.endMs, text: segment.words.join(' '), detail: `the recording could not be decoded: ${(error as Error).message}` });
    }
  }
}

function slice(blocks: readonly Float32Array[], base: number, from: number, to: number): Float32Array {
  const out = new Float32Array(Math.max(0, to - from));
  let offset = base;
  for (const block of blocks) {
    const start = Math.max(from, offset);
    const stop = Math.min(to, offset + block.length);
    if (stop > start) out.set(block.subarray(start - offset, stop - offset), start - from);
    offset += block.length;
  }
  return out;
}

function emptyReport(): TrainingExportReportJson {
  const dropped = {} as TrainingExportReportJson['dropped'];
  for (const reason of DropReasons.options) dropped[reason] = { count: 0, seconds: 0, examples: [] };
  return { kept: { segments: 0, seconds: 0 }, dropped };
}

function addDrop(report: TrainingExportReportJson, recording: RecordingPlan, drop: PlannedDrop): void {
  const entry = report.dropped[drop.reason as TrainingDropReasonJson];
  const duration = (drop.endMs - drop.startMs) / 1000;
  entry.count += 1;
  entry.seconds += duration;
  if (entry.examples.length < MAX_EXAMPLES) {
    entry.examples.push({ transcript_id: recording.transcriptId, media_id: recording.mediaId, offset_ms: drop.startMs, duration: round3(duration), text: drop.text, detail: drop.detail });
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
