import { VOCABULARY_LIMITS } from './VocabularyEntry.ts';

// Past this many, the list says how many more there are instead of naming each.
const MAX_LISTED = 50;

/**
 * Checks a vocabulary's entries field by field: an array of at most 100,000 objects, each with `phrase` a non-empty
 * string of at most 200 characters, `soundsLike` an array of at most 32 non-empty strings, `displayAs` a non-empty
 * string, `boost` a finite number in [0, 20]. Whether the model can spell the phrases is the speech runtime's check.
 *
 * @returns one sentence per problem (the first 50, then a count); empty when the entries are fine.
 */
export function validateVocabularyEntries(entries: unknown): string[] {
  if (!Array.isArray(entries)) return [`a vocabulary must be a JSON array of entries, got ${entries === null ? 'null' : typeof entries}`];
  if (entries.length > VOCABULARY_LIMITS.entries) {
    return [`a vocabulary holds at most ${VOCABULARY_LIMITS.entries} entries, this one has ${entries.length}`];
  }
  const problems: string[] = [];
  let more = 0;
  const add = (p: string) => (problems.length < MAX_LISTED ? problems.push(p) : more++);
  entries.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      add(`entry ${i}: must be an object { phrase, soundsLike?, displayAs?, boost? }`);
      return;
    }
    const { phrase, soundsLike, displayAs, boost } = entry as Record<string, unknown>;
    const name = typeof phrase === 'string' ? `entry ${i} ${JSON.stringify(phrase.slice(0, 40))}` : `entry ${i}`;
    if (typeof phrase !== 'string' || phrase.trim() === '') add(`${name}: phrase must be a non-empty string`);
    else if (phrase.length > VOCABULARY_LIMITS.phraseChars) add(`${name}: phrase has ${phrase.length} characters, at most ${VOCABULARY_LIMITS.phraseChars} are allowed`);
    if (soundsLike !== undefined) {
      if (!Array.isArray(soundsLike) || soundsLike.some((s) => typeof s !== 'string' || s.trim() === '' || s.length > VOCABULARY_LIMITS.phraseChars)) {
        add(`${name}: soundsLike must be an array of non-empty strings of at most ${VOCABULARY_LIMITS.phraseChars} characters`);
      } else if (soundsLike.length > VOCABULARY_LIMITS.soundsLike) {
        add(`${name}: soundsLike has ${soundsLike.length} variants, at most ${VOCABULARY_LIMITS.soundsLike} are allowed`);
      }
    }
    if (displayAs !== undefined && (typeof displayAs !== 'string' || displayAs.trim() === '')) add(`${name}: displayAs must be a non-empty string`);
    if (boost !== undefined && (typeof boost !== 'number' || !Number.isFinite(boost) || boost < VOCABULARY_LIMITS.minBoost || boost > VOCABULARY_LIMITS.maxBoost)) {
      add(`${name}: boost must be a number in [${VOCABULARY_LIMITS.minBoost}, ${VOCABULARY_LIMITS.maxBoost}] (got ${String(boost)})`);
    }
  });
  if (more > 0) problems.push(`... and ${more} more problems`);
  return problems;
}
