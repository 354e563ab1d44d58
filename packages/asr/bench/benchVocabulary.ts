import { seededRandom } from '../src/decode/seededRandom.ts';
import type { VocabularyEntry } from '../src/decode/VocabularyEntry.ts';
import { BENCH_SENTENCES } from './speechScript.ts';

/**
 * A vocabulary of `size` phrases for the boosting benchmark: the longer words and the word pairs of the spoken
 * sentences (so boosting has real matches to follow, and near-misses to cancel), shuffled with a fixed seed, topped
 * up with made-up pronounceable words.
 */
export function benchVocabulary(size: number): VocabularyEntry[] {
  const rand = seededRandom(7);
  const phrases = new Set<string>();
  for (const sentence of BENCH_SENTENCES) {
    const words = sentence.split(' ');
    for (const w of words) if (w.length >= 6) phrases.add(w);
    for (let i = 0; i + 1 < words.length; i++) phrases.add(`${words[i]} ${words[i + 1]}`);
  }
  const list = [...phrases];
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  const pick = (s: string) => s[Math.floor(rand() * s.length)]!;
  const seen = new Set(list);
  while (list.length < size) {
    let w = '';
    for (let s = 2 + Math.floor(rand() * 2); s > 0; s--) w += pick('bcdfghklmnprstvz') + pick('aeiou') + (rand() < 0.3 ? pick('lnrst') : '');
    if (!seen.has(w)) {
      seen.add(w);
      list.push(w);
    }
  }
  return list.slice(0, size).map((phrase) => ({ phrase }));
}
