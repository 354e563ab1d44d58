import type { PluginWord } from './PluginWord.ts';

const MAX_LISTED = 50;

/**
 * Checks what a post-processor returned against what it was given: `words` an array of well-formed words (non-empty
 * text, finite non-negative times with `end >= start`, starts never decreasing, confidence in [0,1]), `changes` an
 * array of non-overlapping in-range edits, in word order, whose `before`/`after` match the words they name, and every
 * word outside a change exactly as it came in (text and times).
 *
 * @returns one sentence per problem (the first 50, then a count); empty when the result is sound.
 */
export function validatePostProcessResult(input: readonly PluginWord[], result: unknown): string[] {
  const problems: string[] = [];
  let more = 0;
  const add = (p: string) => (problems.length < MAX_LISTED ? problems.push(p) : more++);
  const finish = () => (more > 0 ? [...problems, `... and ${more} more problems`] : problems);

  if (typeof result !== 'object' || result === null) return [`the result must be an object { words, changes }, got ${result === null ? 'null' : typeof result}`];
  const { words, changes } = result as { words?: unknown; changes?: unknown };
  if (!Array.isArray(words)) add(`result.words must be an array, got ${describe(words)}`);
  if (!Array.isArray(changes)) add(`result.changes must be an array, got ${describe(changes)}`);
  if (!Array.isArray(words) || !Array.isArray(changes)) return finish();

  let wordsOk = true;
  let prevStart = -Infinity;
  words.forEach((w: unknown, i) => {
    const bad = wordProblem(w, prevStart);
    if (bad) {
      add(`words[${i}] ${bad}`);
      wordsOk = false;
    }
    if (typeof w === 'object' && w !== null && Number.isFinite((w as PluginWord).start)) prevStart = (w as PluginWord).start;
  });

  let changesOk = true;
  let lastFrom = 0;
  let lastTo = 0;
  changes.forEach((c: unknown, k) => {
    const bad = changeProblem(c, input.length, words.length);
    if (bad) {
      add(`changes[${k}] ${bad}`);
      changesOk = false;
      return;
    }
    const ch = c as { from: number; fromEnd: number; to: number; toEnd: number };
    if (ch.from < lastFrom || ch.to < lastTo) {
      add(`changes[${k}] overlaps or precedes the change before it (changes must be in word order and not overlap)`);
      changesOk = false;
    }
    lastFrom = Math.max(lastFrom, ch.fromEnd);
    lastTo = Math.max(lastTo, ch.toEnd);
  });
  if (!wordsOk || !changesOk) return finish();

  // Everything between the changes must be the input, unchanged; each change must say what it replaced.
  const typed = words as PluginWord[];
  let i = 0;
  let j = 0;
  const untouched = (upToIn: number, upToOut: number, where: string) => {
    if (upToIn - i !== upToOut - j) {
      add(`${where}: the words before it do not line up with the input (${upToIn - i} input words, ${upToOut - j} output words unaccounted for)`);
      return false;
    }
    for (; i < upToIn; i++, j++) {
      const a = input[i]!;
      const b = typed[j]!;
      if (a.text !== b.text || a.start !== b.start || a.end !== b.end) {
        add(`words[${j}] ${JSON.stringify(b.text)} differs from input word ${i} ${JSON.stringify(a.text)} but no change records it`);
        return false;
      }
    }
    return true;
  };
  for (const [k, c] of (changes as { from: number; fromEnd: number; to: number; toEnd: number; before: string; after: string }[]).entries()) {
    if (!untouched(c.from, c.to, `changes[${k}]`)) return finish();
    const before = input.slice(c.from, c.fromEnd).map((w) => w.text).join(' ');
    const after = typed.slice(c.to, c.toEnd).map((w) => w.text).join(' ');
    if (c.before !== before) add(`changes[${k}].before is ${JSON.stringify(c.before)} but input words [${c.from}, ${c.fromEnd}) are ${JSON.stringify(before)}`);
    if (c.after !== after) add(`changes[${k}].after is ${JSON.stringify(c.after)} but output words [${c.to}, ${c.toEnd}) are ${JSON.stringify(after)}`);
    if (c.before === c.after && c.fromEnd - c.from === c.toEnd - c.to) add(`changes[${k}] changes nothing (${JSON.stringify(c.before)})`);
    i = c.fromEnd;
    j = c.toEnd;
  }
  untouched(input.length, typed.length, 'the end of the words');
  return finish();
}

function wordProblem(w: unknown, prevStart: number): string | undefined {
  if (typeof w !== 'object' || w === null || Array.isArray(w)) return `must be an object { text, start, end, confidence }, got ${describe(w)}`;
  const { text, start, end, confidence, origin } = w as Record<string, unknown>;
  if (typeof text !== 'string') return `text must be a string, got ${describe(text)}`;
  if (text.trim() === '') return 'text is empty';
  if (typeof start !== 'number' || !Number.isFinite(start) || start < 0) return `${JSON.stringify(text)}: start must be a finite number >= 0, got ${String(start)}`;
  if (typeof end !== 'number' || !Number.isFinite(end) || end < start) return `${JSON.stringify(text)}: end must be a finite number >= start (${start}), got ${String(end)}`;
  if (start < prevStart) return `${JSON.stringify(text)}: start ${start} is before the previous word's start ${prevStart} (times must not decrease)`;
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) return `${JSON.stringify(text)}: confidence must be a number in [0, 1], got ${String(confidence)}`;
  if (origin !== undefined && typeof origin !== 'string') return `${JSON.stringify(text)}: origin must be a string when present`;
  return undefined;
}

function changeProblem(c: unknown, inputLength: number, outputLength: number): string | undefined {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return `must be an object { from, fromEnd, to, toEnd, before, after }, got ${describe(c)}`;
  const { from, fromEnd, to, toEnd, before, after } = c as Record<string, unknown>;
  for (const [name, v] of [['from', from], ['fromEnd', fromEnd], ['to', to], ['toEnd', toEnd]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return `${name} must be an integer >= 0, got ${String(v)}`;
  }
  if ((fromEnd as number) < (from as number) || (fromEnd as number) > inputLength) return `[from, fromEnd) = [${String(from)}, ${String(fromEnd)}) is out of range of the ${inputLength} input words`;
  if ((toEnd as number) < (to as number) || (toEnd as number) > outputLength) return `[to, toEnd) = [${String(to)}, ${String(toEnd)}) is out of range of the ${outputLength} output words`;
  if (typeof before !== 'string' || typeof after !== 'string') return 'before and after must be strings';
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'number' && Number.isNaN(value) ? 'NaN' : typeof value;
}
