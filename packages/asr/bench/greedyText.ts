import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import { greedySearch } from '../src/decode/greedySearch.ts';
import type { LogProbs } from '../src/decode/types.ts';
import type { Word } from '../src/words/Word.ts';
import { wordsFromHypothesis } from '../src/words/wordsFromHypothesis.ts';

/** The words of a transcript as one line, single spaces. */
export function wordsText(words: readonly Pick<Word, 'text'>[]): string {
  return words.map((w) => w.text).join(' ');
}

/** Greedy CTC words of a log-prob matrix as one line, the way the pipeline builds them. */
export function greedyText(lp: LogProbs, bundle: ModelBundle): string {
  if (lp.frames === 0) return '';
  return wordsText(wordsFromHypothesis(greedySearch(lp, bundle.blankId), lp, bundle));
}
