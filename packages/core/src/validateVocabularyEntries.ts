import { VOCABULARY_ENTRY_FIELDS, VOCABULARY_LIMITS, type VocabularyEntry } from './VocabularyEntry.ts';

/** Why one vocabulary entry's fields were refused. */
export type VocabularyEntryProblemCode =
  | 'not-an-object'
  | 'unknown-field'
  | 'empty-phrase'
  | 'phrase-too-long'
  | 'invalid-sounds-like'
  | 'invalid-display-as'
  | 'invalid-boost';

/** One refused entry: its index in the list, the phrase as given (or `""`), and a sentence a user can act on. */
export interface VocabularyEntryProblem {
  index: number;
  phrase: string;
  code: VocabularyEntryProblemCode;
  reason: string;
}

// Past this many, the list says how many more there are instead of naming each.
const MAX_LISTED = 50;
const KNOWN_FIELDS = new Set<string>(VOCABULARY_ENTRY_FIELDS);
const { phraseChars, soundsLike: maxSoundsLike, minBoost, maxBoost } = VOCABULARY_LIMITS;

/**
 * Every field problem of each entry (the list itself is not checked: see {@link validateVocabularyEntries}). An entry
 * is an object with only the fields of {@link VocabularyEntry}: `phrase` non-blank text of at most 200 characters,
 * `soundsLike` an array of at most 32 such texts, `displayAs` the same, `boost` a finite number in [0, 20]. Whether
 * the model can spell the phrases is the speech runtime's check.
 *
 * @example
 * vocabularyEntryProblems([{ phrase: 'metformin', boost: 50 }]);
 * // [{ index: 0, phrase: 'metformin', code: 'invalid-boost', reason: 'boost must be a number in [0, 20], got 50' }]
 */
export function vocabularyEntryProblems(entries: readonly unknown[]): VocabularyEntryProblem[] {
  const problems: VocabularyEntryProblem[] = [];
  entries.forEach((entry, index) => {
    const report = (code: VocabularyEntryProblemCode, reason: string) => problems.push({ index, phrase: phraseOf(entry), code, reason });
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      report('not-an-object', 'an entry must be an object { phrase, soundsLike?, displayAs?, boost? }');
      return;
    }
    const unknown = Object.keys(entry).filter((key) => !KNOWN_FIELDS.has(key));
    if (unknown.length > 0) {
      report('unknown-field', `unknown ${unknown.length === 1 ? 'field' : 'fields'} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (an entry has ${VOCABULARY_ENTRY_FIELDS.join(', ')})`);
    }
    const e = entry as Partial<Record<keyof VocabularyEntry, unknown>>;
    if (!isText(e.phrase)) report('empty-phrase', `phrase must be non-empty text, got ${describe(e.phrase)}`);
    else if (e.phrase.length > phraseChars) report('phrase-too-long', `phrase has ${e.phrase.length} characters, at most ${phraseChars} are allowed`);
    if (e.soundsLike !== undefined) {
      if (!Array.isArray(e.soundsLike)) report('invalid-sounds-like', `soundsLike must be a list of texts, got ${describe(e.soundsLike)}`);
      else if (e.soundsLike.length > maxSoundsLike) report('invalid-sounds-like', `soundsLike has ${e.soundsLike.length} spellings, at most ${maxSoundsLike} are allowed`);
      else {
        e.soundsLike.forEach((s: unknown, i) => {
          if (!isText(s)) report('invalid-sounds-like', `soundsLike[${i}] must be non-empty text, got ${describe(s)}`);
          else if (s.length > phraseChars) report('phrase-too-long', `soundsLike[${i}] has ${s.length} characters, at most ${phraseChars} are allowed`);
        });
      }
    }
    if (e.displayAs !== undefined) {
      if (!isText(e.displayAs)) report('invalid-display-as', `displayAs must be non-empty text, got ${describe(e.displayAs)}`);
      else if (e.displayAs.length > phraseChars) report('invalid-display-as', `displayAs has ${e.displayAs.length} characters, at most ${phraseChars} are allowed`);
    }
    if (e.boost !== undefined && (typeof e.boost !== 'number' || !Number.isFinite(e.boost) || e.boost < minBoost || e.boost > maxBoost)) {
      report('invalid-boost', `boost must be a number in [${minBoost}, ${maxBoost}], got ${describe(e.boost)}`);
    }
  });
  return problems;
}

/**
 * Checks a vocabulary: an array of at most {@link VOCABULARY_LIMITS}.entries entries, each as
 * {@link vocabularyEntryProblems} requires. Vocabulary files, project vocabularies, plugins and the decoder all apply
 * this check.
 *
 * @returns one sentence per problem (the first 50, then a count); empty when the entries are fine.
 * @example
 * validateVocabularyEntries([{ phrase: 'metformin', boost: 50 }]);
 * // ['entry 0 "metformin": boost must be a number in [0, 20], got 50']
 */
export function validateVocabularyEntries(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [`a vocabulary must be a JSON array of entries, got ${entries === null ? 'null' : typeof entries}`];
  if (entries.length > VOCABULARY_LIMITS.entries) {
    return [`a vocabulary holds at most ${VOCABULARY_LIMITS.entries} entries, this one has ${entries.length}`];
  }
  const problems = vocabularyEntryProblems(entries);
  const lines = problems.slice(0, MAX_LISTED).map((p) => {
    const phrase = (entries[p.index] as { phrase?: unknown } | null)?.phrase;
    return `entry ${p.index}${typeof phrase === 'string' ? ` ${JSON.stringify(phrase.slice(0, 40))}` : ''}: ${p.reason}`;
  });
  if (problems.length > MAX_LISTED) lines.push(`... and ${problems.length - MAX_LISTED} more problems`);
  return lines;
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function phraseOf(entry: unknown): string {
  const p = typeof entry === 'object' && entry !== null ? (entry as { phrase?: unknown }).phrase : undefined;
  return typeof p === 'string' ? p.slice(0, phraseChars) : '';
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
  if (typeof v === 'number') return String(v);
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v;
}
