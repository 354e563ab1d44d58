import type { Word } from '@verbatim/core';

/**
 * Words whose text holds spaces (a post-processor's "5 mg", a vocabulary's written form "New York") become one word
 * per part, the span's time shared evenly, each keeping the word's confidence and any other field (`origin`): a
 * transcript document holds one leaf per space-free word. Other words are passed through as they are.
 *
 * @example
 * splitSpacedWords([{ text: '5 mg', start: 1, end: 2, confidence: 0.8 }]);
 * // [{ text: '5', start: 1, end: 1.5, confidence: 0.8 }, { text: 'mg', start: 1.5, end: 2, confidence: 0.8 }]
 */
export function splitSpacedWords<W extends Word>(words: readonly W[]): W[] {
  const out: W[] = [];
  for (const word of words) {
    const parts = word.text.trim().split(/\s+/u).filter((part) => part !== '');
    if (parts.length <= 1) {
      out.push(parts.length === 1 && parts[0] !== word.text ? { ...word, text: parts[0]! } : word);
      continue;
    }
    const step = (word.end - word.start) / parts.length;
    parts.forEach((text, i) => {
      const start = word.start + step * i;
      out.push({ ...word, text, start, end: i === parts.length - 1 ? word.end : start + step });
    });
  }
  return out;
}
