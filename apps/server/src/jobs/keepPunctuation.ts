import type { Word } from '@verbatim/core';

const MARK = /[.,?!]$/u;

/**
 * Plugins' post-processors read the recogniser's spoken form (`recognised`), whose rules ("two point five milligrams")
 * punctuation would break; this puts the punctuation model's written form (`written`: the same words, same order and
 * times, as punctuated) back on what they returned. A word no plugin touched (no `origin`) takes its written form; a
 * plugin's word keeps the plugin's text (the plugin wins) and gets the mark that followed the last recognised word it
 * replaced, once, on the last of its words.
 *
 * @example
 * keepPunctuation(processed, result.unpunctuated, result.words); // "2.5 mg" after "...five milligrams." -> "2.5 mg."
 */
export function keepPunctuation<W extends Word>(processed: readonly W[], recognised: readonly Word[], written: readonly Word[]): W[] {
  if (recognised.length !== written.length) return [...processed];
  const key = (w: Word) => `${w.start}|${w.end}|${w.text}`;
  const writtenOf = new Map<string, string>();
  recognised.forEach((w, i) => writtenOf.set(key(w), written[i]!.text));
  const out = processed.map((w) => {
    if (w.origin !== undefined) return w;
    const text = writtenOf.get(key(w));
    return text === undefined || text === w.text ? w : { ...w, text };
  });
  // a mark after a recognised word that plugins replaced goes on the last plugin word over its time
  recognised.forEach((r, i) => {
    const mark = MARK.exec(written[i]!.text)?.[0];
    if (mark === undefined || writtenOf.get(key(r)) === undefined) return;
    let last = -1;
    out.forEach((w, j) => {
      if (w.origin !== undefined && w.start < r.end && w.end > r.start) last = j;
    });
    if (last < 0) return;
    const w = out[last]!;
    // only when no recognised word after r is also under this plugin word (the mark belongs at the plugin word's end)
    const laterInside = recognised.some((o, k) => k > i && o.start < w.end && o.end > w.start);
    if (!laterInside && !MARK.test(w.text)) out[last] = { ...w, text: w.text + mark };
  });
  return out;
}
