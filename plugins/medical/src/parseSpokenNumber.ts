const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Every word that can be part of a spoken number {@link parseSpokenNumber} reads. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...ONES, ...TEENS, ...TENS.filter((t) => t !== ''), 'hundred', 'thousand', 'and', 'a', 'point', 'oh', 'half',
]);

/** A spoken number as exact decimal parts. */
export interface SpokenNumber {
  integer: number;
  /** Digits after the decimal point as spoken, trailing zeros included ('' for none). */
  fraction: string;
  /** Whether it was said without a whole part ("point five"). */
  bare: boolean;
}

/**
 * Reads a whole spoken number in the model's spelling, lower case: "two hundred and fifty", "fifteen hundred",
 * "a thousand", "two point five", "zero point one two five", "point five", "one and a half". Integers up to
 * 999,999; decimals as "point" followed by single digits ("oh" is zero).
 *
 * @returns null unless every word belongs to one well-formed number.
 */
export function parseSpokenNumber(words: readonly string[]): SpokenNumber | null {
  if (words.length === 0) return null;
  const point = words.indexOf('point');
  if (point >= 0) {
    const digits = words.slice(point + 1).map((w) => (w === 'oh' ? 0 : ONES.indexOf(w)));
    if (digits.length === 0 || digits.some((d) => d < 0)) return null;
    const fraction = digits.join('');
    if (point === 0) return { integer: 0, fraction, bare: true };
    const integer = parseInteger(words.slice(0, point));
    return integer === null ? null : { integer, fraction, bare: false };
  }
  if (words.length > 3 && words.slice(-3).join(' ') === 'and a half') {
    const integer = parseInteger(words.slice(0, -3));
    return integer === null ? null : { integer, fraction: '5', bare: false };
  }
  const integer = parseInteger(words);
  return integer === null ? null : { integer, fraction: '', bare: false };
}

/**
 * Writes a number the way safe prescribing asks: a leading zero before a decimal point, no trailing zeros after it,
 * and thousands separated by commas ("0.5", "5", "1,000").
 */
export function formatDoseNumber(n: SpokenNumber): string {
  const fraction = n.fraction.replace(/0+$/u, '');
  const integer = n.integer.toLocaleString('en-US');
  return fraction === '' ? integer : `${integer}.${fraction}`;
}

function parseInteger(words: readonly string[]): number | null {
  if (words.length === 1 && words[0] === 'zero') return 0;
  const thousand = words.indexOf('thousand');
  if (thousand >= 0) {
    const high = words[0] === 'a' && thousand === 1 ? 1 : below(words.slice(0, thousand));
    if (high === null || high === 0) return null;
    let rest = words.slice(thousand + 1);
    if (rest.length === 0) return high * 1000;
    // "one thousand and five": "and" only before a number under a hundred
    if (rest[0] === 'and') {
      rest = rest.slice(1);
      const low = underHundred(rest);
      return low === null || low === 0 ? null : high * 1000 + low;
    }
    const low = below(rest);
    return low === null || low === 0 || low >= 1000 ? null : high * 1000 + low;
  }
  const n = below(words);
  return n === null || n === 0 ? null : n;
}

// 1..9999 said as "[count] hundred [and] [under a hundred]" ("a hundred", "fifteen hundred") or under a hundred
function below(words: readonly string[]): number | null {
  const hundred = words.indexOf('hundred');
  if (hundred < 0) return underHundred(words);
  const count = words[0] === 'a' && hundred === 1 ? 1 : underHundred(words.slice(0, hundred));
  if (count === null || count === 0) return null;
  let rest = words.slice(hundred + 1);
  if (rest.length === 0) return count * 100;
  if (rest[0] === 'and') rest = rest.slice(1);
  const low = underHundred(rest);
  return low === null || low === 0 ? null : count * 100 + low;
}

// 1..99 ("seven", "fifteen", "forty", "forty two"); null for anything else, including empty
function underHundred(words: readonly string[]): number | null {
  if (words.length === 1) {
    const w = words[0]!;
    const one = ONES.indexOf(w);
    if (one > 0) return one;
    const teen = TEENS.indexOf(w);
    if (teen >= 0) return 10 + teen;
    const ten = TENS.indexOf(w);
    return ten >= 2 ? ten * 10 : null;
  }
  if (words.length === 2) {
    const ten = TENS.indexOf(words[0]!);
    const one = ONES.indexOf(words[1]!);
    return ten >= 2 && one > 0 ? ten * 10 + one : null;
  }
  return null;
}
