/** One speaker's stretch of speech, in seconds. */
export interface SpeakerSpan {
  speaker: string;
  start: number;
  end: number;
}

/** Diarization error rate and its parts, each as a share of the scored reference speech. */
export interface DerResult {
  der: number;
  missed: number;
  falseAlarm: number;
  confusion: number;
  /** Seconds of reference speech scored (speaker-seconds: overlap counts once per speaker). */
  scored: number;
}

const STEP = 0.01;

/**
 * DER as NIST md-eval scores it, on a 10 ms grid: around every reference boundary `collar` seconds each side are not
 * scored; in each scored step, error = max(ref, hyp) − correct speakers, where hypothesis speakers are mapped one to
 * one onto reference speakers to maximise the overlapping time (the optimal mapping, by dynamic programming).
 */
export function diarizationError(reference: readonly SpeakerSpan[], hypothesis: readonly SpeakerSpan[], collar = 0.25): DerResult {
  const end = Math.max(0, ...reference.map((s) => s.end), ...hypothesis.map((s) => s.end));
  const steps = Math.ceil(end / STEP) + 1;
  const refNames = [...new Set(reference.map((s) => s.speaker))];
  const hypNames = [...new Set(hypothesis.map((s) => s.speaker))];
  const grid = (spans: readonly SpeakerSpan[], names: string[]) => {
    const rows = names.map(() => new Uint8Array(steps));
    for (const s of spans) rows[names.indexOf(s.speaker)]!.fill(1, Math.round(s.start / STEP), Math.round(s.end / STEP));
    return rows;
  };
  const ref = grid(reference, refNames);
  const hyp = grid(hypothesis, hypNames);
  const scored = new Uint8Array(steps).fill(1);
  for (const s of reference) {
    for (const t of [s.start, s.end]) scored.fill(0, Math.max(0, Math.round((t - collar) / STEP)), Math.round((t + collar) / STEP));
  }
  const overlap = ref.map((r) => hyp.map((h) => r.reduce((n, v, i) => n + (v & h[i]! & scored[i]!), 0)));
  const mapping = bestMapping(overlap, hypNames.length);
  let refTotal = 0, missed = 0, falseAlarm = 0, confusion = 0;
  for (let i = 0; i < steps; i++) {
    if (!scored[i]) continue;
    let nRef = 0, nHyp = 0, correct = 0;
    for (let r = 0; r < ref.length; r++) {
      nRef += ref[r]![i]!;
      const h = mapping[r]!;
      if (h >= 0 && ref[r]![i]! && hyp[h]![i]!) correct++;
    }
    for (const h of hyp) nHyp += h[i]!;
    refTotal += nRef;
    missed += Math.max(0, nRef - nHyp);
    falseAlarm += Math.max(0, nHyp - nRef);
    confusion += Math.min(nRef, nHyp) - correct;
  }
  const share = (x: number) => (refTotal === 0 ? 0 : x / refTotal);
  return { der: share(missed + falseAlarm + confusion), missed: share(missed), falseAlarm: share(falseAlarm), confusion: share(confusion), scored: refTotal * STEP };
}

// the hypothesis speaker (or -1) of each reference speaker maximising total overlap: DP over subsets of hypothesis
// speakers used (at most 2^hyp states per reference speaker; diarization output has a handful)
function bestMapping(overlap: number[][], hyps: number): number[] {
  const refs = overlap.length;
  const states = 1 << Math.min(hyps, 16);
  let best = new Float64Array(states).fill(-Infinity);
  best[0] = 0;
  const choice: Int8Array[] = [];
  for (let r = 0; r < refs; r++) {
    const next = new Float64Array(states).fill(-Infinity);
    const pick = new Int8Array(states).fill(-2);
    for (let m = 0; m < states; m++) {
      if (best[m] === -Infinity) continue;
      if (best[m]! > next[m]!) {
        next[m] = best[m]!;
        pick[m] = -1;
      }
      for (let h = 0; h < hyps; h++) {
        if (m & (1 << h)) continue;
        const v = best[m]! + overlap[r]![h]!;
        if (v > next[m | (1 << h)]!) {
          next[m | (1 << h)] = v;
          pick[m | (1 << h)] = h;
        }
      }
    }
    choice.push(pick);
    best = next;
  }
  let m = best.indexOf(Math.max(...best));
  const mapping = new Array<number>(refs).fill(-1);
  for (let r = refs - 1; r >= 0; r--) {
    const h = choice[r]![m]!;
    mapping[r] = h;
    if (h >= 0) m &= ~(1 << h);
  }
  return mapping;
}
