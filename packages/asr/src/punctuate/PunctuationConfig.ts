import { JsonFields } from '../bundle/JsonFields.ts';
import { ModelBundleError } from '../bundle/ModelBundleError.ts';

/** The marks a punctuation model places after a word: `''` (none) and the written marks, in the model's class order. */
export type PunctuationMark = '' | ',' | '.' | '?' | '!';

/** How a word is written: lower case, Capitalised, UPPER (acronyms), or a mixed form from the lexicon (`iPhone`). */
export type WordCase = 'lower' | 'capital' | 'upper' | 'mixed';

/** A bundle's punctuation and truecasing model as its `punct.json` describes it (see the recipe's `punct/export.py`). */
export interface PunctuationConfig {
  /** The ONNX file, relative to the bundle directory. */
  readonly file: string;
  /** Expected sha256 of the ONNX file, if recorded. */
  readonly sha256: string | undefined;
  readonly inputs: { readonly words: string; readonly suffixes: string };
  readonly outputs: { readonly marks: string; readonly cases: string };
  /** Words per model window, and how far windows advance (windows overlap by `window - stride`). */
  readonly window: number;
  readonly stride: number;
  readonly marks: readonly PunctuationMark[];
  readonly cases: readonly WordCase[];
  readonly paddingId: number;
  readonly unknownId: number;
  /** Word ids: the index of each spoken word in the model's vocabulary. */
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Suffix feature: FNV-1a (32 bit) of the last `chars` characters' UTF-8, into `buckets` (bucket 0 is padding). */
  readonly suffix: { readonly chars: number; readonly buckets: number };
  /** Spoken word -> its mixed-case written form. */
  readonly mixedCase: ReadonlyMap<string, string>;
  /** A run of more words without a sentence end gets one where the model finds a period likeliest. */
  readonly maxSentenceWords: number;
  /** Added to the marks' scores before the best is taken (tuned on held-out text: rare marks dare more); zeros by default. */
  readonly markBias: readonly number[];
  /**
   * Speech pauses where sentences end, which text alone cannot show: each second of silence after a word (up to 1.5 s)
   * adds this much to the scores of the sentence-ending marks after it. 0 (text only) by default.
   */
  readonly pauseBias: number;
}

const MARKS: readonly PunctuationMark[] = ['', ',', '.', '?', '!'];
const CASES: readonly WordCase[] = ['lower', 'capital', 'upper', 'mixed'];

/**
 * Validates a parsed `punct.json`. Throws {@link ModelBundleError} naming the first field that is missing, of the
 * wrong type or unsupported.
 */
export function parsePunctuationJson(json: unknown): PunctuationConfig {
  const root = new JsonFields(json, 'punct.json');
  if (root.has('schema') && root.value['schema'] !== 1) {
    throw new ModelBundleError('unsupported-schema', `punct.json: schema ${JSON.stringify(root.value['schema'])} is not supported (this runtime reads schema 1)`, { field: 'schema' });
  }
  if (root.oneOf('kind', ['word-tagger']) !== 'word-tagger') throw new Error('unreachable');
  const sha256 = root.optionalString('sha256');
  if (sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(sha256)) {
    throw new ModelBundleError('invalid-field', 'punct.json: sha256 must be 64 hexadecimal digits', { field: 'sha256' });
  }
  // "" (no mark) is a class of its own, so not a stringArray
  const rawMarks = root.value['marks'];
  const marks = Array.isArray(rawMarks) && rawMarks.every((m) => typeof m === 'string') ? (rawMarks as string[]) : [];
  const cases = root.stringArray('cases');
  for (const [name, got, known] of [['marks', marks, MARKS], ['cases', cases, CASES]] as const) {
    const bad = got.find((m) => !(known as readonly string[]).includes(m));
    if (bad !== undefined || got.length < 2) {
      throw new ModelBundleError('invalid-field', `punct.json: ${name} must list classes among ${known.map((k) => JSON.stringify(k)).join(', ')}${bad === undefined ? '' : `, got ${JSON.stringify(bad)}`}`, { field: name });
    }
  }
  const inputs = root.object('inputs');
  const outputs = root.object('outputs');
  const suffix = root.object('suffix');
  if (suffix.oneOf('hash', ['fnv1a32']) !== 'fnv1a32') throw new Error('unreachable');
  const window = root.number('window', { integer: true, min: 4, max: 4096 });
  const mixed = root.has('mixedCase') ? root.object('mixedCase').value : {};
  return {
    file: root.string('file'),
    sha256: sha256?.toLowerCase(),
    inputs: { words: inputs.string('words'), suffixes: inputs.string('suffixes') },
    outputs: { marks: outputs.string('marks'), cases: outputs.string('cases') },
    window,
    stride: root.number('stride', { integer: true, min: 1, max: window }),
    marks: marks as PunctuationMark[],
    cases: cases as WordCase[],
    paddingId: root.number('paddingId', { integer: true, min: 0 }),
    unknownId: root.number('unknownId', { integer: true, min: 0 }),
    vocabulary: new Map(root.stringArray('vocabulary').map((w, i) => [w, i])),
    suffix: { chars: suffix.number('chars', { integer: true, min: 1, max: 16 }), buckets: suffix.number('buckets', { integer: true, min: 2 }) },
    mixedCase: new Map(Object.entries(mixed).filter((e): e is [string, string] => typeof e[1] === 'string')),
    maxSentenceWords: root.optionalNumber('maxSentenceWords', 40, { integer: true, min: 12, max: 1000 }),
    markBias: readBias(root.value['markBias'], marks.length),
    pauseBias: root.optionalNumber('pauseBias', 0, { min: 0, max: 20 }),
  };
}

function readBias(value: unknown, classes: number): number[] {
  if (value === undefined || value === null) return new Array<number>(classes).fill(0);
  if (!Array.isArray(value) || value.length !== classes || value.some((v) => typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 20)) {
    throw new ModelBundleError('invalid-field', `punct.json: markBias must be ${classes} finite numbers (one per mark), each within ±20`, { field: 'punct.json.markBias' });
  }
  return value as number[];
}
