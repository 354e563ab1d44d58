import type { PluginWord, PostProcessResult, WordChange } from './PluginWord.ts';

/** Records edits on a word list and builds the {@link PostProcessResult} with its change records. */
export interface WordEditor {
  /** The input words (never modified). */
  readonly words: readonly PluginWord[];
  /** Edits recorded so far. */
  readonly size: number;
  /**
   * Replaces input words [from, fromEnd) with words of the given texts (none: a deletion; `from === fromEnd`: an
   * insertion before `from`). The new words share the replaced span's time, split evenly, and take the lowest
   * confidence of the words they replace. Edits may come in any order but must not overlap.
   *
   * @returns false when the texts equal the replaced ones (nothing is recorded, which keeps post-processors
   *   idempotent), true otherwise.
   * @throws {RangeError} on indices out of range, an overlapping edit or an empty text.
   */
  replace(from: number, fromEnd: number, texts: readonly string[]): boolean;
  /** Whether [from, fromEnd) touches an edit already recorded. */
  overlaps(from: number, fromEnd: number): boolean;
  /** The output words and one change per edit, in word order. */
  result(): PostProcessResult;
}

interface Edit {
  from: number;
  fromEnd: number;
  texts: string[];
}

/**
 * A helper that records changes for you.
 *
 * @example
 * const editor = createWordEditor(words);
 * for (let i = 0; i < words.length; i++) {
 *   if (matchPhrase(words, i, ['five', 'milligrams'])) editor.replace(i, i + 2, ['5 mg']);
 * }
 * return editor.result();
 */
export function createWordEditor(words: readonly PluginWord[]): WordEditor {
  const edits: Edit[] = [];

  const overlaps = (from: number, fromEnd: number): boolean =>
    edits.some((e) => {
      if (from === fromEnd || e.from === e.fromEnd) {
        // an insertion conflicts with another insertion at the same place or with an edit spanning it
        if (from === fromEnd && e.from === e.fromEnd) return from === e.from;
        return from === fromEnd ? e.from < from && from < e.fromEnd : from < e.from && e.from < fromEnd;
      }
      return from < e.fromEnd && e.from < fromEnd;
    });

  return {
    words,
    get size() {
      return edits.length;
    },
    overlaps,
    replace(from, fromEnd, texts) {
      if (!Number.isInteger(from) || !Number.isInteger(fromEnd) || from < 0 || fromEnd < from || fromEnd > words.length) {
        throw new RangeError(`replace(${from}, ${fromEnd}): need 0 <= from <= fromEnd <= ${words.length}`);
      }
      const bad = texts.findIndex((t) => typeof t !== 'string' || t.trim() === '');
      if (bad >= 0) throw new RangeError(`replace(${from}, ${fromEnd}): text ${bad} is empty or not a string`);
      const unchanged = texts.length === fromEnd - from && texts.every((t, k) => t === words[from + k]!.text);
      if (unchanged) return false;
      if (overlaps(from, fromEnd)) throw new RangeError(`replace(${from}, ${fromEnd}) overlaps an earlier edit`);
      edits.push({ from, fromEnd, texts: [...texts] });
      return true;
    },
    result() {
      // insertions at an index go before a replacement starting there
      const sorted = [...edits].sort((a, b) => a.from - b.from || a.fromEnd - b.fromEnd);
      const out: PluginWord[] = [];
      const changes: WordChange[] = [];
      let i = 0;
      for (const edit of sorted) {
        while (i < edit.from) out.push({ ...words[i++]! });
        const to = out.length;
        out.push(...newWords(words, edit));
        changes.push({
          from: edit.from,
          fromEnd: edit.fromEnd,
          to,
          toEnd: out.length,
          before: words.slice(edit.from, edit.fromEnd).map((w) => w.text).join(' '),
          after: edit.texts.join(' '),
        });
        i = edit.fromEnd;
      }
      while (i < words.length) out.push({ ...words[i++]! });
      return { words: out, changes };
    },
  };
}

function newWords(words: readonly PluginWord[], edit: Edit): PluginWord[] {
  const { from, fromEnd, texts } = edit;
  if (texts.length === 0) return [];
  let start: number;
  let end: number;
  let confidence: number;
  if (fromEnd > from) {
    const span = words.slice(from, fromEnd);
    start = span[0]!.start;
    end = Math.max(...span.map((w) => w.end));
    confidence = Math.min(...span.map((w) => w.confidence));
  } else {
    // an insertion takes no time: it sits where the previous word ends, as sure as its surer-known neighbours
    const prev = words[from - 1];
    const next = words[from];
    start = end = prev?.end ?? next?.start ?? 0;
    confidence = Math.min(prev?.confidence ?? 1, next?.confidence ?? 1);
  }
  const n = texts.length;
  const at = (k: number) => (k === 0 ? start : k === n ? end : microseconds(start + ((end - start) * k) / n));
  return texts.map((text, k) => ({ text, start: at(k), end: at(k + 1), confidence }));
}

// even splits of decimal times leave float noise (1.2000000000000002); a microsecond is far below any word's length
function microseconds(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
