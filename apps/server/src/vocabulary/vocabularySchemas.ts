import { z } from 'zod';
import { VOCABULARY_LIMITS } from '@verbatim/asr';
import { MAX_PROJECT_VOCABULARY_ENTRIES, MAX_VOCABULARY_PHRASE_CHARS, type ProjectVocabularyEntry } from './VocabularyStore.ts';

// The shape only; whether the model can spell an entry is checked against the model bundle afterwards.
const Phrase = z.string().min(1).max(MAX_VOCABULARY_PHRASE_CHARS);

/** One vocabulary entry as a request sends it. */
export const VocabularyEntryBody = z.strictObject({
  phrase: Phrase.describe('The words as the model spells them; whitespace separates words.'),
  soundsLike: z.array(Phrase).max(VOCABULARY_LIMITS.soundsLike).optional().describe('Other spellings the model tends to produce for it.'),
  displayAs: z.string().min(1).max(MAX_VOCABULARY_PHRASE_CHARS).optional().describe('Text shown instead of the decoded words.'),
  boost: z.number().optional().describe('Bonus in nats per token (default 2).'),
});

/** `PUT /api/projects/:id/vocabulary`: the whole new vocabulary. */
export const PutVocabularyBody = z.strictObject({ entries: z.array(VocabularyEntryBody).max(MAX_PROJECT_VOCABULARY_ENTRIES) });

/** A stored entry. */
export const VocabularyEntryJson = z.object({
  phrase: z.string(),
  soundsLike: z.array(z.string()).optional(),
  displayAs: z.string().optional(),
  boost: z.number().optional(),
  createdBy: z.uuid().nullable().describe('Who added it (null once that account is gone).'),
  createdAt: z.int().describe('Milliseconds since the epoch.'),
  updatedAt: z.int().describe('Milliseconds since the epoch.'),
});

/** `GET` and `PUT /api/projects/:id/vocabulary`. */
export const VocabularyResponse = z.object({ entries: z.array(VocabularyEntryJson) });

/** One refused entry of a 422 `invalid-vocabulary`. */
export const VocabularyProblemJson = z.object({
  index: z.int().describe('Position of the entry in the list sent (0 for a single entry).'),
  phrase: z.string(),
  code: z.string(),
  reason: z.string(),
});

/** The 422 `invalid-vocabulary` body: the usual error plus every refused entry and why. */
export const InvalidVocabularyResponse = z.object({
  error: z.object({ code: z.literal('invalid-vocabulary'), message: z.string(), problems: z.array(VocabularyProblemJson) }),
});

/** {@link VocabularyEntryJson} of a stored entry. */
export function toVocabularyEntryJson(entry: ProjectVocabularyEntry): z.infer<typeof VocabularyEntryJson> {
  return { ...entry, ...(entry.soundsLike === undefined ? {} : { soundsLike: [...entry.soundsLike] }) };
}
