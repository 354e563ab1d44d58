import { alignWords, type AlignmentOp } from '../align.ts';
import { charErrorRate, type ErrorRate } from '../errorRate.ts';
import { normalizeForScoring } from '../normalizeForScoring.ts';

/** One run of consecutive edits in an alignment: what the machine said and what the reference says instead. */
export interface WordEdit {
  /** The hypothesis words of the run, normalised and joined by spaces ('' for deleted words). */
  readonly said: string;
  /** The reference words of the run, normalised and joined by spaces ('' for inserted words). */
  readonly meant: string;
  /** How many single-token edits the run holds. */
  readonly edits: number;
}

/** What {@link scoreWords} finds. */
export interface WordScore {
  /** Word errors over the normalised reference tokens (`rate` is WER). */
  readonly words: ErrorRate;
  /** Character errors of the normalised texts (`rate` is CER). */
  readonly chars: ErrorRate;
  /**
   * Per hypothesis word: `true` when every token it normalises to was matched, `false` when one was substituted or
   * inserted, `null` when it normalises to nothing (punctuation only) and so is not scored.
   */
  readonly correct: readonly (boolean | null)[];
  /** Runs of consecutive edits, in order ("most-corrected words and phrases" count these). */
  readonly edits: readonly WordEdit[];
  /** The token alignment (indexes into `referenceTokens` and `hypothesisTokens`). */
  readonly alignment: readonly AlignmentOp[];
  readonly referenceTokens: readonly string[];
  readonly hypothesisTokens: readonly string[];
}

/**
 * Scores machine words against reference (verified) words: each word is normalised with `normalizeForScoring`
 * (one word may become several tokens, "U.S." → "u s", or none, "—"), the token lists are aligned with `alignWords`,
 * and the result gives WER and CER with substitutions, deletions and insertions, which hypothesis words were
 * correct (for confidence measures), and the edited runs.
 *
 * @example
 * scoreWords(['the', 'cat', 'sat'], ['the', 'hat', 'sat', 'down']).correct // [true, false, true, false]
 */
export function scoreWords(reference: readonly string[], hypothesis: readonly string[]): WordScore {
  const ref = tokenize(reference);
  const hyp = tokenize(hypothesis);
  const alignment = alignWords(ref.tokens, hyp.tokens);
  const words: ErrorRate = { errors: 0, total: ref.tokens.length, rate: 0, substitutions: 0, insertions: 0, deletions: 0 };
  const tokenCorrect = new Array<boolean>(hyp.tokens.length).fill(false);
  const edits: WordEdit[] = [];
  let said: string[] = [];
  let meant: string[] = [];
  const closeRun = (): void => {
    if (said.length + meant.length > 0) edits.push({ said: said.join(' '), meant: meant.join(' '), edits: Math.max(said.length, meant.length) });
    said = [];
    meant = [];
  };
  for (const step of alignment) {
    if (step.op === 'match') {
      tokenCorrect[step.hyp] = true;
      closeRun();
      continue;
    }
    if (step.op === 'sub') words.substitutions++;
    else if (step.op === 'ins') words.insertions++;
    else words.deletions++;
    if (step.hyp !== undefined) said.push(hyp.tokens[step.hyp]!);
    if (step.ref !== undefined) meant.push(ref.tokens[step.ref]!);
  }
  closeRun();
  words.errors = words.substitutions + words.insertions + words.deletions;
  words.rate = rate(words.errors, words.total);
  const correct = hyp.owners.map((tokens) => (tokens.length === 0 ? null : tokens.every((t) => tokenCorrect[t])));
  const chars = charErrorRate([ref.tokens.join(' ')], [hyp.tokens.join(' ')], { normalize: false });
  return { words, chars, correct, edits, alignment, referenceTokens: ref.tokens, hypothesisTokens: hyp.tokens };
}

function tokenize(words: readonly string[]): { tokens: string[]; owners: number[][] } {
  const tokens: string[] = [];
  const owners = words.map((word) => {
    const normalized = normalizeForScoring(word);
    if (normalized === '') return [];
    return normalized.split(' ').map((token) => tokens.push(token) - 1);
  });
  return { tokens, owners };
}

function rate(errors: number, total: number): number {
  return total > 0 ? errors / total : errors === 0 ? 0 : Infinity;
}
