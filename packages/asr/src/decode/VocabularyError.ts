import type { VocabularyEntryProblemCode } from '@verbatim/core';

/** Why one vocabulary entry was refused: a field problem (see `vocabularyEntryProblems`) or a spelling the model cannot emit. */
export type VocabularyProblemCode = VocabularyEntryProblemCode | 'unsupported-characters';

/** One refused entry: its index in the list handed in, the phrase as given and a sentence a user can act on. */
export interface VocabularyProblem {
  index: number;
  phrase: string;
  code: VocabularyProblemCode;
  reason: string;
}

/** What was wrong with a vocabulary as a whole. */
export type VocabularyErrorCode = 'invalid-entries' | 'vocabulary-too-large';

// The message names this many problems; `problems` always holds all of them.
const MESSAGE_PROBLEMS = 50;

/**
 * A vocabulary could not be turned into a boosting graph. With code `invalid-entries`, `problems` lists every bad
 * entry and why (nothing is built from a list that has any); with `vocabulary-too-large` the list exceeds a size cap.
 */
export class VocabularyError extends Error {
  override readonly name = 'VocabularyError';
  readonly code: VocabularyErrorCode;
  readonly problems: readonly VocabularyProblem[];

  constructor(code: VocabularyErrorCode, message: string, problems: readonly VocabularyProblem[] = []) {
    super(message);
    this.code = code;
    this.problems = problems;
  }

  /** An `invalid-entries` error whose message lists the problems. */
  static fromProblems(problems: readonly VocabularyProblem[]): VocabularyError {
    const entries = new Set(problems.map((p) => p.index)).size;
    const lines = problems
      .slice(0, MESSAGE_PROBLEMS)
      .map((p) => `  entry ${p.index} ${JSON.stringify(p.phrase)}: ${p.reason}`);
    if (problems.length > MESSAGE_PROBLEMS) {
      lines.push(`  ... and ${problems.length - MESSAGE_PROBLEMS} more (see error.problems)`);
    }
    const head = `${entries} vocabulary ${entries === 1 ? 'entry is' : 'entries are'} invalid:`;
    return new VocabularyError('invalid-entries', [head, ...lines].join('\n'), problems);
  }
}
