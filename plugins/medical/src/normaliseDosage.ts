import { createWordEditor, type PluginWord, type PostProcessContext, type PostProcessResult } from '@verbatim/plugin-sdk';
import { formatDoseNumber, NUMBER_WORDS, parseSpokenNumber, type SpokenNumber } from './parseSpokenNumber.ts';

interface Unit {
  say: string[];
  write: string;
  /** Counted units ("units"): "one" before them is too often a pronoun to rewrite. */
  counted?: boolean;
}

// Abbreviations follow safe-prescribing practice: "mcg" (never "µg", misread as "mg"), "mL", and "units" spelled
// out (never "U" or "IU", misread as 0, 4 or "IV").
const UNITS: Unit[] = [
  ...forms(['milligram', 'milligrams', 'mg', 'm g'], 'mg'),
  ...forms(['microgram', 'micrograms', 'mcg', 'm c g'], 'mcg'),
  ...forms(['nanogram', 'nanograms'], 'ng'),
  ...forms(['gram', 'grams'], 'g'),
  ...forms(['millilitre', 'millilitres', 'milliliter', 'milliliters', 'ml', 'mls', 'm l'], 'mL'),
  ...forms(['millimole', 'millimoles', 'mmol'], 'mmol'),
  { say: ['international', 'units'], write: 'international units', counted: true },
  { say: ['international', 'unit'], write: 'international unit', counted: true },
  { say: ['units'], write: 'units', counted: true },
  { say: ['unit'], write: 'unit', counted: true },
].sort((a, b) => b.say.length - a.say.length);

// what may follow "per" after a unit: "milligrams per kilogram per hour" → "mg/kg/h"
const DIVISORS: { say: string[]; write: string }[] = [
  ...forms(['kilogram', 'kilo', 'kg', 'k g'], 'kg'),
  ...forms(['millilitre', 'milliliter', 'ml', 'm l'], 'mL'),
  ...forms(['litre', 'liter'], 'L'),
  ...forms(['hour'], 'h'),
  ...forms(['minute'], 'min'),
  ...forms(['day'], 'day'),
].sort((a, b) => b.say.length - a.say.length);

// words that may sit between a number and what came before it without being part of it
const FILLERS = new Set(['a', 'and', 'oh']);
// "at this point five milligrams": a bare "point five" after these is not a decimal
const NOT_BEFORE_BARE_DECIMAL = new Set(['this', 'that', 'the', 'a', 'an', 'which', 'what', 'some', 'any', 'no', 'each', 'every', 'one', 'another', 'same', 'that\'s', 'key', 'main']);
const DIGITS = /^\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$/u;

/**
 * Dosage normalisation: spoken amounts with a unit become figures and the unit's standard abbreviation — "five
 * milligrams" → "5 mg", "two point five milligrams" → "2.5 mg", "one hundred micrograms" → "100 mcg", "ten
 * millilitres" → "10 mL", "one to two milligrams per kilogram" → "1 to 2 mg/kg". Numbers are only rewritten when a
 * unit follows them; decimals get a leading zero and lose trailing zeros ("0.5", never ".5" or "5.0"); thousands
 * get commas. The number and the unit are replaced separately so each keeps its own time.
 */
export function normaliseDosage(words: readonly PluginWord[], ctx?: PostProcessContext): PostProcessResult {
  ctx?.signal.throwIfAborted();
  const folded = words.map((w) => w.text.toLowerCase());
  const editor = createWordEditor(words);
  let floor = 0;
  for (let i = 0; i < words.length; ) {
    const unit = UNITS.find((u) => matchAt(folded, i, u.say));
    if (unit === undefined) {
      i++;
      continue;
    }
    let end = i + unit.say.length;
    let written = unit.write;
    for (let n = 0; n < 2 && folded[end] === 'per'; n++) {
      const divisor = DIVISORS.find((d) => matchAt(folded, end + 1, d.say));
      if (divisor === undefined) break;
      written += `/${divisor.write}`;
      end += 1 + divisor.say.length;
    }
    const amount = numberBefore(folded, i, floor, unit.counted === true);
    if (amount === null) {
      i++;
      continue;
    }
    if (amount.value !== null) {
      const range = folded[amount.start - 1];
      const low = range === 'to' || range === 'or' ? numberBefore(folded, amount.start - 1, floor, unit.counted === true) : null;
      if (low?.value) editor.replace(low.start, amount.start - 1, [formatDoseNumber(low.value)]);
      editor.replace(amount.start, i, [formatDoseNumber(amount.value)]);
    }
    editor.replace(i, end, [written]);
    floor = i = end;
  }
  return editor.result();
}

/** The number said just before `end` (at or after `floor`): spoken words, or figures already written (value null). */
function numberBefore(folded: readonly string[], end: number, floor: number, counted: boolean): { start: number; value: SpokenNumber | null } | null {
  if (end - 1 >= floor && DIGITS.test(folded[end - 1]!)) return { start: end - 1, value: null };
  let start = end;
  while (start > floor && NUMBER_WORDS.has(folded[start - 1]!)) start--;
  for (let k = start; k < end; k++) {
    // a run like "one two five" is ambiguous: only fillers may be left over before the number
    if (k > start && !FILLERS.has(folded[k - 1]!)) return null;
    const words = folded.slice(k, end);
    const value = parseSpokenNumber(words);
    if (value === null) continue;
    if (value.bare && k > 0 && NOT_BEFORE_BARE_DECIMAL.has(folded[k - 1]!)) return null;
    if (counted && words.length === 1 && words[0] === 'one') return null;
    return { start: k, value };
  }
  return null;
}

function matchAt(folded: readonly string[], i: number, say: readonly string[]): boolean {
  return i + say.length <= folded.length && say.every((w, k) => folded[i + k] === w);
}

function forms(spoken: string[], write: string): { say: string[]; write: string }[] {
  return spoken.map((s) => ({ say: s.split(' '), write }));
}
