/** What normalising a text to an alphabet gave: the text, or the characters it could not keep. */
export type NormalisedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly outside: string };

/** How {@link Alphabet.normalise} works, in words (export.json states it). */
export const NORMALISATION =
  "Unicode NFKC, lower case; hyphens, dashes and slashes become spaces; other punctuation and symbols outside the alphabet are removed; whitespace collapsed to single spaces. A letter or digit the alphabet lacks (digits are kept only when the model's tokens have them) drops the segment as out-of-alphabet.";

const SEPARATORS = /[\p{Pd}/\\_]/gu;
const REMOVABLE = /[\p{P}\p{S}]/u;

/**
 * The characters a model can write (its tokens' characters; for a BPE model the letters of its pieces), and the
 * normalisation of verified text to them.
 *
 * @example
 * const alphabet = Alphabet.fromTokens(modelJson.tokens, modelJson.wordBoundary);
 * alphabet.normalise('Dr. Smith, 42!'); // { ok: false, outside: '24' }
 */
export class Alphabet {
  /** The characters, sorted (no space). */
  readonly characters: string;
  readonly #set: ReadonlySet<string>;

  constructor(characters: Iterable<string>) {
    const set = new Set([...characters].filter((c) => c.trim() !== ''));
    this.#set = set;
    this.characters = [...set].sort().join('');
  }

  /**
   * The alphabet of a model's tokens: every character of every token except special tokens (`<blk>`, `<pad>`,
   * `[UNK]`…), the word-boundary marker and whitespace, lower-cased (the text is; a wav2vec2 vocabulary is upper case).
   */
  static fromTokens(tokens: readonly string[], wordBoundary?: string): Alphabet {
    const chars: string[] = [];
    for (const token of tokens) {
      if (/^<.*>$|^\[.*\]$/u.test(token) && token.length > 1) continue;
      const piece = wordBoundary === undefined || wordBoundary === '' ? token : token.split(wordBoundary).join('');
      for (const c of piece.replaceAll('▁', '').toLowerCase()) chars.push(c);
    }
    return new Alphabet(chars);
  }

  has(character: string): boolean {
    return this.#set.has(character);
  }

  /** `text` normalised (see {@link NORMALISATION}); the characters outside the alphabet when it cannot be. */
  normalise(text: string): NormalisedText {
    const lowered = text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/gu, "'")
      .replace(SEPARATORS, (c) => (this.#set.has(c) ? c : ' '));
    let out = '';
    const outside = new Set<string>();
    for (const c of lowered) {
      if (this.#set.has(c)) out += c;
      else if (/\s/u.test(c)) out += ' ';
      else if (REMOVABLE.test(c)) continue;
      else outside.add(c);
    }
    if (outside.size > 0) return { ok: false, outside: [...outside].sort().join('') };
    return { ok: true, text: out.replace(/\s+/gu, ' ').trim() };
  }
}
