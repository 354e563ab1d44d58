import type { PunctuationMark, WordCase } from './PunctuationConfig.ts';

const ENDS_WITH_MARK = /[.,?!;:]$/u;

/**
 * A spoken-form word as written: in its case (`mixed` takes the lexicon's form, else a capital) and followed by its
 * mark. "i" and its contractions ("i'm") are always capitalised. A mark is not added twice to a word that already
 * ends in one.
 */
export function writeWord(text: string, wordCase: WordCase, mark: PunctuationMark, mixedCase: ReadonlyMap<string, string>): string {
  return withMark(casedWord(text, wordCase, mixedCase), mark);
}

/** `text` followed by `mark`, unless it already ends in a mark. */
export function withMark(text: string, mark: PunctuationMark): string {
  return mark === '' || ENDS_WITH_MARK.test(text) ? text : text + mark;
}

function casedWord(text: string, wordCase: WordCase, mixedCase: ReadonlyMap<string, string>): string {
  if (text === 'i' || text.startsWith("i'")) return 'I' + text.slice(1);
  switch (wordCase) {
    case 'lower':
      return text;
    case 'upper':
      return text.toUpperCase();
    case 'mixed': {
      const form = mixedCase.get(text);
      if (form !== undefined && form.toLowerCase() === text) return form;
      return capitalise(text);
    }
    case 'capital':
      return capitalise(text);
  }
}

function capitalise(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toUpperCase() + text.slice(head.length);
}
