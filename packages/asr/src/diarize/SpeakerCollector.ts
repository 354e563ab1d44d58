import type { Segment, Word } from '@verbatim/core';
import { agglomerate, cutDendrogram } from './agglomerate.ts';
import { DiarizationError } from './DiarizationError.ts';
import { embeddingDistance, type SpeakerEmbedder } from './SpeakerEmbedder.ts';
import { ENERGY_DIM, FRAME_HOP_SECONDS, SpeakerFeatures } from './SpeakerFeatures.ts';
import { labelFrames, type SpeechWindow } from './labelFrames.ts';
import { projectionEmbedder } from './projectionEmbedder.ts';

/** Options of {@link SpeakerCollector}. */
export interface SpeakerCollectorOptions {
  /** How stretches of speech become vectors (default: {@link projectionEmbedder}, the trained projection). */
  embedder?: SpeakerEmbedder;
}

/** What {@link SpeakerCollector.assign} found. */
export interface SpeakerAssignment {
  /** The segments split at speaker changes, each with `speaker` "Speaker 1", "Speaker 2"… in order of first turn. */
  segments: Segment[];
  /** Distinct speakers in `segments` (0 when there are no words). */
  speakers: number;
  /** Why the result differs from what was asked, e.g. fewer voices than requested. */
  note?: string;
}

/** Most speakers told apart automatically (the range is 2-8). */
export const MAX_AUTO_SPEAKERS = 8;
/** Most windows clustered directly (O(n^2) memory); the others join their nearest cluster. */
const MAX_CLUSTERED = 1500;
const WINDOW_SECONDS = 1.5;
const WINDOW_HOP_SECONDS = 0.75;
/** A window this much speech (frames) or more is clustered; shorter ones only join a cluster. */
const MIN_CLUSTERED_FRAMES = 40;
/** Words less sure than this do not mark speech to embed (they still get the speaker of the audio around them). */
const MIN_WORD_CONFIDENCE = 0.1;
/** Pauses between words shorter than this belong to one stretch of speech. */
const REGION_GAP_SECONDS = 0.3;
/** A cluster with less speech than this (seconds) is not a speaker of its own when counting automatically. */
const MIN_SPEAKER_SECONDS = 2;
/** …nor one with less than this share of the speech (capped at MAX_MINOR_SECONDS): overlapped speech clusters apart. */
const MIN_SPEAKER_SHARE = 0.06;
const MAX_MINOR_SECONDS = 30;
/** Below this share of the embedder's threshold two clusters are one voice even when more speakers were asked for. */
const SAME_VOICE_SHARE = 0.8;
/** In counting automatically, clusters whose centroids are closer than this share of the threshold are one voice. */
const CENTROID_SHARE = 0.75;

/**
 * Who spoke when. Fed the audio as it streams (`push`, any block sizes), it keeps only compact per-frame features
 * (~23 MB for three hours); once the words are known, `assign` finds the speakers by clustering speaker embeddings of
 * the stretches of speech the words cover and labels (and splits) the transcript's segments by speaker.
 *
 * @example
 * const speakers = new SpeakerCollector(16000);
 * for (const block of blocks) speakers.push(block);
 * const { segments } = speakers.assign(segmentWords(words), 'auto');
 */
export class SpeakerCollector {
  readonly #features: SpeakerFeatures;
  readonly #embedder: SpeakerEmbedder;

  constructor(sampleRate: number, options: SpeakerCollectorOptions = {}) {
    this.#features = new SpeakerFeatures(sampleRate);
    this.#embedder = options.embedder ?? projectionEmbedder();
  }

  /** Seconds of audio analysed so far. */
  get seconds(): number {
    return this.#features.count * FRAME_HOP_SECONDS;
  }

  /** Bytes held for the audio pushed so far. */
  get bytes(): number {
    return this.#features.bytes;
  }

  /** Adds mono samples at the collector's sample rate (in order, any block size). */
  push(samples: Float32Array): void {
    this.#features.push(samples);
  }

  /**
   * Labels `segments` by speaker: each word gets the speaker of the audio under it and a segment is split where the
   * speaker changes (the words are the same objects, in the same order). `speakers` is `'auto'` (count them, up to
   * {@link MAX_AUTO_SPEAKERS}) or the expected number (a positive integer; fewer are used, with a note, where the
   * audio does not hold that many distinct voices).
   */
  assign(segments: readonly Segment[], speakers: 'auto' | number): SpeakerAssignment {
    if (speakers !== 'auto' && !(Number.isInteger(speakers) && speakers >= 1)) {
      throw new DiarizationError('invalid-speakers', `The number of speakers must be 'auto' or a whole number of at least 1 (got ${String(speakers)}).`);
    }
    const words = segments.flatMap((s) => s.words);
    if (words.length === 0) return { segments: segments.map((s) => ({ ...s })), speakers: 0, note: 'No speech: no speakers assigned.' };
    const features = this.#features;
    // where the recogniser was barely sure of a word (music, noise read as speech) is not speech to learn a voice from
    const windows = this.#windows(words.filter((w) => w.confidence >= MIN_WORD_CONFIDENCE));
    if (windows.length === 0) {
      const one = label(segments, words.map(() => 0), 1);
      return speakers === 'auto' || speakers === 1 ? one : { ...one, note: `Asked for ${speakers} speakers; the audio holds no clear speech to tell voices apart.` };
    }

    const clustered = windows.filter((w) => w.frames.length >= MIN_CLUSTERED_FRAMES);
    const pool = subsample(clustered.length >= 2 ? clustered : windows, MAX_CLUSTERED);
    const merges = agglomerate(pool.length, (i, j) => embeddingDistance(pool[i]!.embedding, pool[j]!.embedding));
    const threshold = this.#embedder.threshold;
    const autoCount = pool.length - merges.filter((m) => m.distance <= threshold).length;
    const distinct = pool.length - merges.filter((m) => m.distance <= threshold * SAME_VOICE_SHARE).length;
    const target = speakers === 'auto' ? Math.min(autoCount, MAX_AUTO_SPEAKERS) : Math.min(speakers, distinct);
    // from the finer of the two cuts, fold clusters with too little speech to be a person into their nearest, then
    // the closest pair, until the target is reached: a stray stretch must not take the place of a real voice
    let count = Math.max(target, autoCount);
    let labels = cutDendrogram(pool.length, merges, pool.length - count);
    let centroids = centroidsOf(pool, labels, count);
    const speech = pool.reduce((n, w) => n + w.frames.length * FRAME_HOP_SECONDS, 0);
    const minor = Math.max(MIN_SPEAKER_SECONDS, Math.min(MAX_MINOR_SECONDS, MIN_SPEAKER_SHARE * speech));
    for (;;) {
      const seconds = new Float64Array(count);
      pool.forEach((w, i) => (seconds[labels[i]!]! += w.frames.length * FRAME_HOP_SECONDS));
      let from = -1;
      for (let k = 0; k < count; k++) if (seconds[k]! < minor && (from < 0 || seconds[k]! < seconds[from]!)) from = k;
      if (count === 1 || (speakers !== 'auto' && count <= target)) break;
      // the pair to merge: the small cluster and its nearest, else the two closest clusters
      let gone = -1;
      let kept = -1;
      let best = Infinity;
      for (let a = 0; a < count; a++) {
        if (from >= 0 && a !== from) continue;
        for (let b = 0; b < count; b++) {
          if (a === b) continue;
          const d = embeddingDistance(centroids[a]!, centroids[b]!);
          if (d < best) {
            best = d;
            gone = a;
            kept = b;
          }
        }
      }
      if (gone < 0 || (speakers === 'auto' && from < 0 && best > CENTROID_SHARE * threshold)) break;
      labels = labels.map((l) => {
        const merged = l === gone ? kept : l;
        return merged > gone ? merged - 1 : merged;
      });
      count--;
      centroids = centroidsOf(pool, labels, count);
    }
    const note = speakers !== 'auto' && count < speakers ? `Asked for ${speakers} speakers; the audio holds ${count} distinct voice${count === 1 ? '' : 's'}.` : undefined;
    for (const w of windows) w.speaker = nearest(w.embedding, centroids);
    const frameSpeaker = labelFrames(features, windows, count);
    const wordSpeaker = words.map((w) => wordLabel(features, frameSpeaker, w));
    const result = label(segments, wordSpeaker, count);
    return note === undefined ? result : { ...result, note };
  }

  // stretches of speech (word spans closer than REGION_GAP_SECONDS), cut into overlapping windows of loud-enough frames
  #windows(words: readonly Word[]): SpeechWindow[] {
    const features = this.#features;
    const spans = words.map((w) => [w.start, w.end] as const).sort((a, b) => a[0] - b[0]);
    const regions: [number, number][] = [];
    for (const [s, e] of spans) {
      const last = regions[regions.length - 1];
      if (last && s - last[1] <= REGION_GAP_SECONDS) last[1] = Math.max(last[1], e);
      else regions.push([s, e]);
    }
    const levels: number[] = [];
    for (const [s, e] of regions) for (let f = features.frameAt(s); f < features.count && features.frameTime(f) <= e; f++) levels.push(features.get(f, ENERGY_DIM));
    if (levels.length === 0) return [];
    levels.sort((a, b) => a - b);
    const floor = Math.max(levels[Math.floor(levels.length * 0.95)]! - 40, -75);
    const windows: SpeechWindow[] = [];
    for (const [s, e] of regions) {
      const first = features.frameAt(s);
      let last = first;
      while (last < features.count && features.frameTime(last) <= e) last++;
      const span = Math.round(WINDOW_SECONDS / FRAME_HOP_SECONDS);
      const hop = Math.round(WINDOW_HOP_SECONDS / FRAME_HOP_SECONDS);
      const starts: number[] = [];
      for (let f = first; f + span <= last; f += hop) starts.push(f);
      if (starts.length === 0 || starts[starts.length - 1]! + span < last) starts.push(Math.max(first, last - span));
      for (const start of starts) {
        const end = Math.min(last, start + span);
        const frames: number[] = [];
        for (let f = start; f < end; f++) if (features.get(f, ENERGY_DIM) >= floor) frames.push(f);
        if (frames.length < 5) continue;
        windows.push({ start, end, frames, embedding: this.#embedder.embed(features, frames), speaker: 0 });
      }
    }
    return windows;
  }
}

function subsample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]!);
}

function centroidsOf(pool: readonly SpeechWindow[], labels: ArrayLike<number>, count: number): Float64Array[] {
  const dims = pool[0]!.embedding.length;
  const sums = Array.from({ length: count }, () => new Float64Array(dims));
  const ns = Array.from({ length: count }, () => new Float64Array(dims));
  pool.forEach((w, i) => {
    const k = labels[i]!;
    for (let d = 0; d < dims; d++) {
      const v = w.embedding[d]!;
      if (Number.isNaN(v)) continue;
      sums[k]![d]! += v;
      ns[k]![d]!++;
    }
  });
  return sums.map((s, k) => s.map((v, d) => (ns[k]![d]! > 0 ? v / ns[k]![d]! : Number.NaN)));
}

function nearest(embedding: Float64Array, centroids: readonly Float64Array[]): number {
  let best = 0;
  let bestDistance = Infinity;
  centroids.forEach((c, k) => {
    const d = embeddingDistance(embedding, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  });
  return best;
}

// the speaker most frames under the word have; the nearest labelled frame when none has one
function wordLabel(features: SpeakerFeatures, frameSpeaker: Int16Array, w: Word): number {
  const votes = new Map<number, number>();
  const first = features.frameAt(w.start);
  for (let f = first; f < frameSpeaker.length && features.frameTime(f) <= w.end; f++) {
    const s = frameSpeaker[f]!;
    if (s >= 0) votes.set(s, (votes.get(s) ?? 0) + 1);
  }
  if (votes.size > 0) return [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
  for (let r = 1; r < frameSpeaker.length; r++) {
    for (const f of [first - r, first + r]) if (f >= 0 && f < frameSpeaker.length && frameSpeaker[f]! >= 0) return frameSpeaker[f]!;
  }
  return 0;
}

// splits each segment where consecutive words change speaker; speakers named by first appearance
function label(segments: readonly Segment[], wordSpeaker: readonly number[], _count: number): SpeakerAssignment {
  const names = new Map<number, string>();
  const out: Segment[] = [];
  let i = 0;
  for (const segment of segments) {
    let run: Word[] = [];
    let runSpeaker = -1;
    const close = () => {
      if (run.length === 0) return;
      let name = names.get(runSpeaker);
      if (name === undefined) names.set(runSpeaker, (name = `Speaker ${names.size + 1}`));
      out.push({ speaker: name, start: Math.min(...run.map((w) => w.start)), end: Math.max(...run.map((w) => w.end)), words: run });
      run = [];
    };
    if (segment.words.length === 0) {
      out.push({ ...segment });
      continue;
    }
    for (const w of segment.words) {
      const s = wordSpeaker[i++]!;
      if (s !== runSpeaker) close();
      runSpeaker = s;
      run.push(w);
    }
    close();
  }
  return { segments: out, speakers: names.size };
}
