import type { CaptionJson, CaptionWordJson } from '@verbatim/core/api';
import type { ModelBundle } from '../bundle/ModelBundle.ts';
import type { ContextGraph } from '../decode/contextGraph.ts';
import { greedySearch } from '../decode/greedySearch.ts';
import type { DecodedToken } from '../decode/types.ts';
import { prefixBeamSearch } from '../decode/prefixBeamSearch.ts';
import { computeFeatures } from '../frontend/computeFeatures.ts';
import type { LanguageModelScorer } from '../lm/LanguageModelScorer.ts';
import type { AcousticModel } from '../model/AcousticModel.ts';
import { TranscribeError } from '../transcribe/TranscribeError.ts';
import { wordsFromHypothesis } from '../words/wordsFromHypothesis.ts';
import { stablePrefix } from './agreedPrefix.ts';
import { InputLevelMonitor, type InputLevelMonitorOptions, isDigitallySilent } from './InputLevelMonitor.ts';
import { SampleBuffer } from './SampleBuffer.ts';

/** Options of {@link LiveRecognizer}; the defaults are the measured ones (see the class's comment). */
export interface LiveRecognizerOptions {
  /** Vocabulary boosting / display forms and an optional LM, as `prepareDecoding` makes them. Without both: greedy. */
  decoding?: { vocabulary?: ContextGraph | undefined; languageModel?: LanguageModelScorer | undefined };
  /**
   * Beam width when decoding with a vocabulary or an LM (default 16 with an LM, whose gain grows with the beam up to
   * about there; 4 with a vocabulary alone: the windows are short).
   */
  beam?: number;
  /**
   * Consecutive decodes that must agree on a word before it is stable (default 2, LocalAgreement-2); 1 takes every
   * word but the last of each decode at once.
   */
  agreement?: number;
  /** Audio before the last stable word re-decoded as context for the next (default 1000 ms). */
  leftContextMs?: number;
  /** Trailing silence (no word in a decode's last stretch) that ends a caption at once (default 600 ms). */
  endpointMs?: number;
  /** A gap this long between two stable words ends a caption there (default 350 ms). */
  pauseMs?: number;
  /** Stable words wait at most this long (audio time after the first one ended) to become a final (default 1200 ms). */
  maxHoldMs?: number;
  /** Audio after the last stable word past which the current words are taken even without agreement (default 8000 ms). */
  maxSegmentMs?: number;
  /**
   * A pause this long between two emitted tokens starts a new word even without a word-boundary token (the model
   * often emits none across silence, which glues the words on each side into one); default 300 ms, 0 = off.
   */
  splitPauseMs?: number;
  /** Most audio one decode covers, left context included; a backlog is decoded in steps of this (default 12000 ms). */
  maxWindowMs?: number;
  /** Undecoded audio kept at most; past it the oldest is skipped with a `behind-real-time` warning (default 60000 ms). */
  maxBacklogMs?: number;
  /** When to warn about a silent or clipped input. */
  input?: InputLevelMonitorOptions;
  /**
   * Where the first pushed sample lies on the session clock (default 0), and the `seq` of the next final (default
   * 0): a recogniser that takes over a session mid-way (after a restart) keeps its times and numbering.
   */
  startSample?: number;
  startSeq?: number;
}

/** A warning of the recogniser: the input's level, or audio skipped because decoding fell too far behind. */
export interface LiveWarning {
  code: 'silent-input' | 'clipped-input' | 'behind-real-time';
  message: string;
}

/** What one {@link LiveRecognizer.step} produced. */
export interface LiveStepResult {
  /** The current guess after the last final, when it changed (an empty `words` clears the one shown). */
  partial?: CaptionJson;
  /** Captions that became final, in order; they never change again. */
  finals: CaptionJson[];
  warnings: LiveWarning[];
}

type Word = CaptionWordJson;

/**
 * Streaming captions from a CTC model: audio is pushed as it arrives and each {@link LiveRecognizer.step} re-decodes
 * a sliding window (the not-yet-stable audio plus `leftContextMs` before it) in one model run, so the words near the
 * end are guessed with what has been heard so far and corrected as more arrives. Times are on the session clock
 * (sample 0 = 0 ms).
 *
 * Stabilisation (finals never change):
 * - LocalAgreement-2: a word becomes stable when two consecutive decodes agree on it and on every word before it
 *   (after the last stable word), and both put a word after it (see `stablePrefix`: a decode's last word may be
 *   one the window's end cut, and a final ending there split words, "the noo" + "linic"). Decodes are a cadence
 *   apart (the host's, 200 ms by default), so the later one has heard more of what follows the word: a word the
 *   model is still unsure of flips between decodes and waits.
 *   Stable words' tokens are dropped from later decodes (by time), so they cannot be emitted twice.
 * - Endpointing: when a decode's last word ended `endpointMs` before the audio does (the CTC output is blank
 *   there: silence or non-speech), every word of it is final at once: nothing to the right can change them.
 * - Stable words are grouped into a final caption at a pause (`pauseMs` between two words), or once the first has
 *   waited `maxHoldMs`, so captions follow phrases yet no word waits long to be final.
 * - Maximum segment length: if no word became stable within `maxSegmentMs` (the model keeps changing its mind),
 *   the words that ended more than `endpointMs` before the audio's end are taken as they are, or else the first
 *   word if another follows it (a decode's last word only once the window can grow no more); this also bounds
 *   the window, hence the cost of a decode.
 *
 * Why these rules and defaults (bench/benchLive.ts: 300 s of espeak-ng speech in six voices, 100 ms chunks, the
 * bundled model, one ONNX thread; WER against the script, latency in audio time from a word's end; offline greedy
 * WER of the same audio 0.581):
 * - agreement 2: final WER 0.476, partial p95 0.53 s, final p95 1.36 s; with the boundary also agreed (above)
 *   0.486, 0.62 s, 1.36 s (over five option/cadence variants the WER moves by +0.003 on average, noise, and words
 *   split across two finals where offline decoding has one word go from 89 to 82). A stricter rule, a boundary only
 *   where the decoder leaves two blank frames, gives 0.471 and 3 such splits but a final p95 of 2.68 s.
 *   Agreement 1 (every word but the last taken at once): WER 0.515 — words still being heard get frozen wrong.
 *   Agreement 3: WER 0.477 for a final p95 of 1.86 s. Two decodes are enough.
 * - cadence (the host's): 400 ms gives partial p95 1.16 s and final p95 2.09 s for 23 CPU ms per audio second;
 *   200 ms gives 0.53 s / 1.36 s for 35 ms (3.5% of a core): the 1 s partial target needs the 200 ms.
 * - maxHoldMs 1200: finals of 3–4 words (median) at a final p50 of 0.9 s; 0 gives one-word finals (p50 1) and
 *   no hold at all (endpoints only) 12-word finals 2.4 s late (p50), 4.2 s (p95).
 * - splitPauseMs 300: the model emits no word boundary across a pause and glued the words on each side (WER 0.539
 *   without the split). WER moves by ±0.03 with where windows happen to start, so differences below that are noise.
 * - leftContextMs 1000: 500 ms costs ~0.01 WER, 2000 ms more CPU for no gain.
 * Finals' WER ratio to offline greedy: 0.82 (the short windows normalise features per window, and the pause split).
 *
 * @example
 * const live = new LiveRecognizer(bundle, model, { decoding: prepareDecoding(bundle, { lm: 'off', vocabulary }) });
 * live.push(samples);
 * const { partial, finals } = await live.step();
 * const last = await live.flush();
 */
export class LiveRecognizer {
  readonly #bundle: ModelBundle;
  readonly #model: AcousticModel;
  readonly #graph: ContextGraph | undefined;
  readonly #lm: LanguageModelScorer | undefined;
  readonly #beam: number;
  readonly #leftContextMs: number;
  readonly #endpointMs: number;
  readonly #pauseMs: number;
  readonly #maxHoldMs: number;
  readonly #maxSegmentMs: number;
  readonly #maxWindow: number;
  readonly #agreement: number;
  readonly #boundaryId: number;
  readonly #splitFrames: number;
  readonly #maxBacklog: number;
  readonly #buffer: SampleBuffer;
  readonly #monitor: InputLevelMonitor;
  #warnings: LiveWarning[] = [];
  /** Tokens before this are stable (their words held or final): later decodes drop them. */
  #stableMs = 0;
  /** Stable words not yet part of a final caption. */
  #held: Word[] = [];
  /** The last decode's words after the stable ones (the candidates for agreement). */
  #tail: Word[] = [];
  /** The decodes before it (`agreement - 2` of them), cut at the same stable point. */
  #older: Word[][] = [];
  #decoded = 0;
  #seq = 0;
  /** End of the last final word. */
  #finalEndMs = 0;
  #partialText = '';
  #busyMs = 0;
  #running = false;

  constructor(bundle: ModelBundle, model: AcousticModel, options: LiveRecognizerOptions = {}) {
    if (model.bundle.modelHash !== bundle.modelHash) {
      throw new TranscribeError('model-mismatch', `the model was loaded from ${model.bundle.modelFile}, not from bundle ${bundle.id} ${bundle.version}`);
    }
    this.#bundle = bundle;
    this.#model = model;
    this.#graph = options.decoding?.vocabulary;
    this.#lm = options.decoding?.languageModel;
    this.#beam = positive('beam', options.beam ?? (this.#lm === undefined ? 4 : 16));
    this.#leftContextMs = nonNegative('leftContextMs', options.leftContextMs ?? 1000);
    this.#endpointMs = positive('endpointMs', options.endpointMs ?? 600);
    this.#pauseMs = positive('pauseMs', options.pauseMs ?? 350);
    this.#maxHoldMs = nonNegative('maxHoldMs', options.maxHoldMs ?? 1200);
    this.#maxSegmentMs = positive('maxSegmentMs', options.maxSegmentMs ?? 8000);
    const maxWindowMs = positive('maxWindowMs', options.maxWindowMs ?? 12_000);
    if (maxWindowMs < this.#leftContextMs + this.#maxSegmentMs) {
      throw new TranscribeError('invalid-option', `maxWindowMs (${maxWindowMs}) must cover leftContextMs + maxSegmentMs (${this.#leftContextMs + this.#maxSegmentMs})`);
    }
    this.#maxWindow = this.#samples(maxWindowMs);
    this.#agreement = positive('agreement', options.agreement ?? 2);
    if (!Number.isInteger(this.#agreement)) throw new TranscribeError('invalid-option', `agreement must be an integer, got ${this.#agreement}`);
    const splitPauseMs = nonNegative('splitPauseMs', options.splitPauseMs ?? 300);
    this.#boundaryId = splitPauseMs > 0 ? bundle.tokens.indexOf(bundle.wordBoundary) : -1;
    this.#splitFrames = Math.max(1, Math.round(splitPauseMs / 1000 / bundle.output.frameShiftSeconds));
    this.#maxBacklog = Math.max(this.#maxWindow, this.#samples(positive('maxBacklogMs', options.maxBacklogMs ?? 60_000)));
    this.#monitor = new InputLevelMonitor(bundle.sampleRate, options.input);
    const startSample = nonNegative('startSample', options.startSample ?? 0);
    const startSeq = nonNegative('startSeq', options.startSeq ?? 0);
    if (!Number.isInteger(startSample) || !Number.isInteger(startSeq)) throw new TranscribeError('invalid-option', 'startSample and startSeq must be integers');
    this.#buffer = new SampleBuffer(startSample);
    this.#decoded = startSample;
    this.#stableMs = this.#ms(startSample);
    this.#seq = startSeq;
  }

  /** Samples decoded so far (the end of the last decoded window), on the session clock. */
  get decodedSamples(): number {
    return this.#decoded;
  }

  /** Samples pushed so far. */
  get receivedSamples(): number {
    return this.#buffer.end;
  }

  /** Pushed audio not decoded yet. */
  get pendingSamples(): number {
    return this.#buffer.end - this.#decoded;
  }

  /** Samples held in memory: the window's context, the unstable audio and any backlog (bounded by `maxBacklogMs`). */
  get bufferedSamples(): number {
    return this.#buffer.end - this.#buffer.start;
  }

  /** Final captions emitted so far (the next caption's `seq`). */
  get finals(): number {
    return this.#seq;
  }

  /** Milliseconds spent decoding (front end, model, search) so far. */
  get busyMs(): number {
    return this.#busyMs;
  }

  /** Appends audio: mono, at the bundle's sample rate, in [-1, 1]. */
  push(samples: Float32Array): void {
    this.#monitor.push(samples);
    this.#buffer.push(samples);
    if (!this.#running) this.#bound();
  }

  /**
   * Decodes the window over the audio that is not stable yet (at most `maxWindowMs`; call again while
   * {@link pendingSamples} stays large) and returns what changed. Does nothing when no audio arrived since the last.
   *
   * @throws {Error} when called while another step or flush is running (they share one window).
   */
  async step(): Promise<LiveStepResult> {
    this.#enter();
    try {
      const finals: CaptionJson[] = [];
      if (this.#buffer.end > this.#decoded) {
        const { hyp, endMs } = await this.#decodeWindow();
        this.#advance(hyp, endMs, finals);
      }
      return this.#result(finals);
    } finally {
      this.#leave();
    }
  }

  /** The input ended: decodes what is left and makes every pending word final. Returns those finals. */
  async flush(): Promise<CaptionJson[]> {
    this.#enter();
    try {
      const finals: CaptionJson[] = [];
      while (this.#buffer.end > this.#decoded) {
        const { hyp, endMs } = await this.#decodeWindow();
        if (this.#decoded < this.#buffer.end) this.#advance(hyp, endMs, finals);
        else this.#tail = hyp;
      }
      this.#held.push(...this.#tail);
      this.#tail = [];
      this.#older = [];
      this.#emit(this.#held.length, finals);
      this.#stableMs = this.#ms(this.#decoded);
      this.#buffer.dropBefore(this.#decoded);
      this.#partialText = '';
      return finals;
    } finally {
      this.#leave();
    }
  }

  #enter(): void {
    if (this.#running) throw new Error('LiveRecognizer: a step is already running');
    this.#running = true;
  }

  // audio pushed while a decode ran is bounded once it is done (the window's state must not move under it)
  #leave(): void {
    this.#running = false;
    this.#bound();
  }

  #bound(): void {
    const over = this.#buffer.end - this.#buffer.start - this.#maxBacklog;
    if (over > 0) this.#skip(this.#buffer.start + over + Math.floor(this.#maxBacklog / 4));
  }

  #result(finals: CaptionJson[]): LiveStepResult {
    const warnings = [...this.#warnings, ...this.#monitor.take()];
    this.#warnings = [];
    const words = [...this.#held, ...this.#tail];
    const text = words.map((w) => w.text).join(' ');
    if (text === this.#partialText) return { finals, warnings };
    this.#partialText = text;
    return { partial: this.#caption(words, false), finals, warnings };
  }

  async #decodeWindow(): Promise<{ hyp: Word[]; endMs: number }> {
    const from = Math.max(this.#buffer.start, this.#samples(this.#stableMs - this.#leftContextMs));
    const to = Math.min(this.#buffer.end, from + this.#maxWindow);
    const words = await this.#decode(from, to);
    this.#decoded = to;
    // (words start after the stable point, which is after the last stable word; a guard against rounding)
    const floor = this.#held.at(-1)?.endMs ?? this.#finalEndMs;
    const hyp = words.map((w) => (w.startMs < floor ? { ...w, startMs: Math.min(floor, w.endMs) } : w));
    return { hyp, endMs: this.#ms(to) };
  }

  async #decode(from: number, to: number): Promise<Word[]> {
    const t0 = performance.now();
    try {
      const bundle = this.#bundle;
      const samples = this.#buffer.view(from, to);
      // a window of digital silence (a muted or dead input) holds no speech, whatever a model would guess in it
      if (isDigitallySilent(samples)) return [];
      // a copy for a waveform model: audio pushed during the run may move the buffer under it
      const lp = bundle.input.kind === 'features' ? await this.#model.run(computeFeatures(samples, bundle.input.frontEnd)) : await this.#model.run(samples.slice());
      if (lp.frames === 0) return [];
      const hyp = this.#graph || this.#lm
        ? prefixBeamSearch(lp, {
            blankId: bundle.blankId,
            beam: this.#beam,
            ...(this.#graph ? { boosting: this.#graph } : {}),
            ...(this.#lm ? { lm: this.#lm } : {}),
          })[0]
        : greedySearch(lp, bundle.blankId);
      if (!hyp) return [];
      if (this.#boundaryId >= 0) hyp.tokens = splitAtPauses(hyp.tokens, this.#boundaryId, this.#splitFrames);
      const offsetMs = this.#ms(from);
      // the left context's tokens are stable already: dropped before words are made, so none of them can be glued
      // to a new word (the model does not always emit a word boundary) and shown twice
      const firstFrame = Math.ceil((this.#stableMs - offsetMs) / 1000 / bundle.output.frameShiftSeconds - 1e-9);
      hyp.tokens = hyp.tokens.filter((t) => t.start >= firstFrame);
      const calibration = this.#lm && bundle.lm?.calibration ? bundle.lm.calibration : bundle.confidence.calibration;
      const context = calibration?.method === 'logistic' && this.#lm ? { greedy: greedySearch(lp, bundle.blankId), lm: this.#lm.lm } : undefined;
      return wordsFromHypothesis(hyp, lp, bundle, this.#graph, calibration, context).map((w) => ({
        text: w.text,
        startMs: Math.round(offsetMs + w.start * 1000),
        endMs: Math.round(offsetMs + w.end * 1000),
        confidence: w.confidence,
      }));
    } finally {
      this.#busyMs += performance.now() - t0;
    }
  }

  // the stabilisation rules of the class comment, for one decode whose audio ends at endMs
  #advance(hyp: Word[], endMs: number, finals: CaptionJson[]): void {
    const last = hyp.at(-1) ?? this.#held.at(-1);
    if (last && endMs - last.endMs >= this.#endpointMs) {
      this.#held.push(...hyp);
      this.#tail = [];
      this.#older = [];
      this.#stableMs = Math.max(this.#stableMs, last.endMs + this.#endpointMs / 2);
      this.#emit(this.#held.length, finals);
      this.#drop();
      return;
    }
    // a word is stable only with the boundary after it agreed too (see stablePrefix): a final never ends inside a word
    let k = this.#agreement === 1 ? Math.max(0, hyp.length - 1) : stablePrefix([this.#tail, ...this.#older], hyp);
    if (endMs - this.#stableMs >= this.#maxSegmentMs) {
      // words taken as they are: those followed by silence, else the first if a word follows it (the last's end may
      // not be heard yet; it is taken alone only when the window can grow no more)
      let ended = 0;
      while (ended < hyp.length && endMs - hyp[ended]!.endMs >= this.#endpointMs) ended++;
      const full = endMs - this.#stableMs + this.#leftContextMs >= this.#ms(this.#maxWindow);
      k = Math.max(k, ended, Math.min(1, full ? hyp.length : hyp.length - 1));
    }
    if (k > 0) {
      const stable = hyp[k - 1]!;
      const next = hyp[k];
      this.#held.push(...hyp.slice(0, k));
      this.#stableMs = next ? (stable.endMs + next.startMs) / 2 : stable.endMs + 1;
    }
    if (this.#agreement > 2) this.#older = [...this.#older, this.#tail].slice(2 - this.#agreement).map((older) => older.slice(k));
    this.#tail = hyp.slice(k);
    // nothing said: the stable point follows the audio, keeping a second in case a word is starting
    if (hyp.length === 0 && this.#held.length === 0) this.#stableMs = Math.max(this.#stableMs, endMs - 1000);

    const held = this.#held;
    if (held.length > 0) {
      let cut = 0;
      for (let i = 0; i < held.length; i++) {
        const following = held[i + 1] ?? this.#tail[0];
        if (following && following.startMs - held[i]!.endMs >= this.#pauseMs) cut = i + 1;
      }
      if (endMs - held[0]!.endMs >= this.#maxHoldMs) cut = held.length;
      this.#emit(cut, finals);
    }
    this.#drop();
  }

  #emit(count: number, finals: CaptionJson[]): void {
    if (count <= 0) return;
    const words = this.#held.splice(0, count);
    this.#finalEndMs = words.at(-1)!.endMs;
    finals.push(this.#caption(words, true));
    this.#seq++;
    this.#partialText = '';
  }

  #caption(words: Word[], final: boolean): CaptionJson {
    const at = Math.round(this.#ms(this.#decoded));
    return {
      seq: this.#seq,
      final,
      text: words.map((w) => w.text).join(' '),
      startMs: words[0]?.startMs ?? at,
      endMs: words.at(-1)?.endMs ?? at,
      words,
    };
  }

  #drop(): void {
    this.#buffer.dropBefore(this.#samples(this.#stableMs - this.#leftContextMs));
  }

  // the host fell far behind: forget the oldest audio (stable words already taken are kept)
  #skip(to: number): void {
    const skipped = Math.max(0, to - Math.max(this.#decoded, this.#buffer.start));
    this.#tail = [];
    this.#older = [];
    this.#stableMs = Math.max(this.#stableMs, this.#ms(to) + this.#leftContextMs);
    this.#decoded = Math.max(this.#decoded, to);
    this.#buffer.dropBefore(to);
    const seconds = (skipped / this.#bundle.sampleRate).toFixed(1);
    this.#warnings.push({ code: 'behind-real-time', message: `Recognition fell too far behind the audio: ${seconds} s were skipped without captions.` });
  }

  #samples(ms: number): number {
    return Math.max(0, Math.round((ms / 1000) * this.#bundle.sampleRate));
  }

  #ms(samples: number): number {
    return (samples / this.#bundle.sampleRate) * 1000;
  }
}

// a word-boundary token (zero frames long) wherever `frames` or more pass between two emitted tokens
function splitAtPauses(tokens: DecodedToken[], boundaryId: number, frames: number): DecodedToken[] {
  const out: DecodedToken[] = [];
  for (const [i, tok] of tokens.entries()) {
    const prev = tokens[i - 1];
    if (prev && tok.id !== boundaryId && prev.id !== boundaryId && tok.start - prev.end >= frames) out.push({ id: boundaryId, start: prev.end, end: prev.end });
    out.push(tok);
  }
  return out;
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new TranscribeError('invalid-option', `${name} must be a positive number, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new TranscribeError('invalid-option', `${name} must be zero or more, got ${value}`);
  return value;
}
