import { logAddExp } from '../decode/logAddExp.ts';
import { LanguageModelError } from './LanguageModelError.ts';
import type { WordLanguageModel } from './WordLanguageModel.ts';

/**
 * Linear interpolation of a base and a domain model, `p(w | h) = weight * p_domain + (1 - weight) * p_base`, over the
 * union of their words. A word one model lacks takes a share of that model's `<unk>` probability in proportion to
 * the other model's unigram probability of it (and `<unk>` keeps the rest), so both sides, and the mixture, still sum
 * to one over the union. States are pairs of the two models' states, numbered as they are first reached, so the
 * decoder still carries one integer.
 *
 * The decoder scales its probabilities by `1 / (1 - weight)` ({@link wordBonus}), so it decodes with
 * `p_base + weight / (1 - weight) * p_domain`: a word the domain does not know keeps its base probability (the
 * mixture alone charged every such word `ln(1 - weight)`, which acted as an insertion penalty the base's tuned beta
 * did not expect; the three plugins' cost on 600 general sentences, same audio: +1.01 -> +0.87 points of WER on
 * acoustic model 1.11.0, +0.87 -> +0.68 on 1.10.0, from the mixture at 0.5 to this at 0.25, term recall the same but
 * one medical term on 1.10.0), and the domain's words and phrasing gain.
 */
export class InterpolatedLanguageModel implements WordLanguageModel {
  readonly words: readonly string[];
  readonly baseWords: readonly string[];
  readonly unkId: number;
  readonly eosId: number;
  readonly startState: number;
  readonly weight: number;
  /** `-ln(1 - weight)`: see the class comment. */
  readonly wordBonus: number;
  nextState = 0;
  readonly #base: WordLanguageModel;
  readonly #domain: WordLanguageModel;
  readonly #baseId: Int32Array;
  readonly #domainId: Int32Array;
  // ln of the share of a model's <unk> mass a word gets on that side (0 for a word the model knows itself)
  readonly #baseShare: Float64Array;
  readonly #domainShare: Float64Array;
  // the domain's words the base lacks, by id
  readonly #extra: Map<string, number>;
  readonly #lnW: number;
  readonly #lnW1: number;
  #pairs = new Map<number, number>();
  #pairBase: number[] = [];
  #pairDomain: number[] = [];

  /** @throws {LanguageModelError} `invalid-option` unless 0 < weight < 1. */
  constructor(base: WordLanguageModel, domain: WordLanguageModel, weight: number) {
    if (!(weight > 0 && weight < 1)) throw new LanguageModelError('invalid-option', `the domain weight must be between 0 and 1 (exclusive), got ${weight}`);
    this.#base = base;
    this.#domain = domain;
    this.weight = weight;
    this.#lnW = Math.log(weight);
    this.#lnW1 = Math.log1p(-weight);
    this.wordBonus = -this.#lnW1;
    // the base's words keep their ids (so what is built over them, the decoder's lexicon, is reused: `baseWords`),
    // the domain's new words follow; lookups go by index, never a map over all the base's words
    const nBase = base.words.length;
    const words = base.words.slice();
    const extra = new Map<string, number>();
    for (const w of domain.words) {
      if (base.wordId(w) === base.unkId && w !== '<unk>' && !extra.has(w)) {
        extra.set(w, words.length);
        words.push(w);
      }
    }
    this.words = words;
    this.baseWords = base.words;
    this.#extra = extra;
    this.unkId = base.unkId;
    const baseId = new Int32Array(words.length).fill(base.unkId);
    for (let i = 0; i < nBase; i++) baseId[i] = i;
    const domainId = new Int32Array(words.length).fill(domain.unkId);
    domain.words.forEach((w, j) => {
      if (w !== '<unk>') domainId[this.wordId(w)] = j;
    });
    this.#baseId = baseId;
    this.#domainId = domainId;
    const isStart = (i: number) => words[i] === '<s>';
    this.#domainShare = shares(words.length, (i) => isStart(i) || (domainId[i] !== domain.unkId && words[i] !== '<unk>'), (i) => base.unigramLogProb(baseId[i] as number));
    this.#baseShare = shares(words.length, (i) => isStart(i) || (baseId[i] !== base.unkId && words[i] !== '<unk>'), (i) => domain.unigramLogProb(domainId[i] as number));
    this.eosId = base.eosId;
    this.startState = this.#pair(base.startState, domain.startState);
  }

  wordId(text: string): number {
    const id = this.#base.wordId(text);
    return id !== this.#base.unkId ? id : (this.#extra.get(text) ?? this.unkId);
  }

  score(state: number, word: number): number {
    const pb = this.#base.score(this.#pairBase[state] as number, this.#baseId[word] as number) + (this.#baseShare[word] as number);
    const nb = this.#base.nextState;
    const pd = this.#domain.score(this.#pairDomain[state] as number, this.#domainId[word] as number) + (this.#domainShare[word] as number);
    const nd = this.#domain.nextState;
    this.nextState = this.#pair(nb, nd);
    return logAddExp(this.#lnW1 + pb, this.#lnW + pd);
  }

  unigramLogProb(word: number): number {
    const pb = this.#base.unigramLogProb(this.#baseId[word] as number) + (this.#baseShare[word] as number);
    const pd = this.#domain.unigramLogProb(this.#domainId[word] as number) + (this.#domainShare[word] as number);
    return logAddExp(this.#lnW1 + pb, this.#lnW + pd);
  }

  #pair(b: number, d: number): number {
    // states of either model are trie nodes (< 2^31), so the pair fits a double exactly
    const key = b * 2147483648 + d;
    let s = this.#pairs.get(key);
    if (s === undefined) {
      s = this.#pairBase.length;
      this.#pairs.set(key, s);
      this.#pairBase.push(b);
      this.#pairDomain.push(d);
    }
    return s;
  }
}

/**
 * For one side of the mixture: 0 (ln 1) for words that side knows (and `<s>`); for the others (and `<unk>`), ln of
 * their share of that side's `<unk>`: the other side's unigram probability of the word over the total of all such
 * words.
 */
function shares(n: number, known: (i: number) => boolean, otherUnigram: (i: number) => number): Float64Array {
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (known(i)) continue;
    out[i] = otherUnigram(i);
    total += Math.exp(out[i] as number);
  }
  const lnTotal = Math.log(Math.max(total, 1e-300));
  for (let i = 0; i < n; i++) if (!known(i)) out[i] = (out[i] as number) - lnTotal;
  return out;
}
