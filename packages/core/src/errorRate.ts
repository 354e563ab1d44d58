import { alignWords, type AlignmentOp } from './align.ts';
import { graphemes } from './graphemes.ts';
import { normalizeForScoring } from './normalizeForScoring.ts';
import { ScoringError } from './ScoringError.ts';

/**
 * Edits needed to turn the references into the hypotheses. `rate` is `errors / total`, where `total` counts reference
 * units; with no reference units it is 0 when there are no errors and `Infinity` when there are (nothing was said,
 * yet words were recognised).
 */
export interface ErrorRate {
  errors: number;
  total: number;
  rate: number;
  substitutions: number;
  insertions: number;
  deletions: number;
}

/** Options of {@link wordErrorRate} and {@link charErrorRate}. */
export interface ScoringOptions {
  /**
   * How texts are normalised before comparing: `true` (default) uses `normalizeForScoring`, `false` compares them
   * as given (whitespace still separates words), or pass your own function.
   */
  normalize?: boolean | ((text: string) => string);
}

/**
 * Word error rate over a corpus: `refs[i]` is the reference text of utterance i and `hyps[i]` what was recognised;
 * edits are summed over all utterances (each aligned on its own), so long utterances weigh more.
 *
 * @example
 * wordErrorRate(['the cat sat'], ['the cat sat down']) // { errors: 1, total: 3, rate: 0.333…, insertions: 1, … }
 */
export function wordErrorRate(refs: readonly string[], hyps: readonly string[], options: ScoringOptions = {}): ErrorRate {
  return score(refs, hyps, options, (text) => (text === '' ? [] : text.split(' ')));
}

/**
 * Character error rate over a corpus, like {@link wordErrorRate} but over user-perceived characters; the single
 * spaces between words count as characters.
 */
export function charErrorRate(refs: readonly string[], hyps: readonly string[], options: ScoringOptions = {}): ErrorRate {
  return score(refs, hyps, options, graphemes);
}

function score(refs: readonly string[], hyps: readonly string[], options: ScoringOptions, units: (text: string) => string[]): ErrorRate {
  if (refs.length !== hyps.length) {
    throw new ScoringError('length-mismatch', `Scoring needs one hypothesis per reference (got ${refs.length} references and ${hyps.length} hypotheses).`);
  }
  const normalize = options.normalize ?? true;
  const prepare = (text: unknown, what: string, i: number): string[] => {
    if (typeof text !== 'string') throw new ScoringError('invalid-text', `The ${what} at index ${i} is not a string.`);
    const normalized = normalize === true ? normalizeForScoring(text) : normalize === false ? text : normalize(text);
    return units(normalized.replace(/\s+/gu, ' ').trim());
  };
  const result: ErrorRate = { errors: 0, total: 0, rate: 0, substitutions: 0, insertions: 0, deletions: 0 };
  refs.forEach((ref, i) => {
    const r = prepare(ref, 'reference', i);
    result.total += r.length;
    tally(alignWords(r, prepare(hyps[i], 'hypothesis', i)), result);
  });
  result.errors = result.substitutions + result.insertions + result.deletions;
  result.rate = result.total > 0 ? result.errors / result.total : result.errors === 0 ? 0 : Infinity;
  return result;
}

function tally(ops: readonly AlignmentOp[], into: ErrorRate): void {
  for (const { op } of ops) {
    if (op === 'sub') into.substitutions++;
    else if (op === 'ins') into.insertions++;
    else if (op === 'del') into.deletions++;
  }
}
