import { z } from 'zod';
import { DEFAULT_TOKEN_BOOST, VOCABULARY_LIMITS } from '@verbatim/core';
import { MAX_PROJECT_VOCABULARY_ENTRIES, MAX_VOCABULARY_SOURCE_TEXT_CHARS, type ProjectVocabularyEntry } from './VocabularyStore.ts';

// The shape, bounded by the contract's limits; the checker then runs the contract's validator (with the decoder's
// graph) and checks that the model can spell every entry.
const Phrase = z.string().min(1).max(VOCABULARY_LIMITS.phraseChars);

/** One vocabulary entry as a request sends it. */
export const VocabularyEntryBody = z.strictObject({
  phrase: Phrase.describe('The words as the model spells them; whitespace separates words.'),
  soundsLike: z
    .array(Phrase)
    .max(VOCABULARY_LIMITS.soundsLike)
    .optional()
    .describe('Other spellings the model tends to produce for it; each is rewritten into the phrase, so none may be a common phrase (422 common-sounds-like).'),
  displayAs: Phrase.optional().describe('Text shown instead of the decoded words.'),
  boost: z
    .number()
    .min(VOCABULARY_LIMITS.minBoost)
    .max(VOCABULARY_LIMITS.maxBoost)
    .optional()
    .describe(`Bonus in nats per token (default ${DEFAULT_TOKEN_BOOST}).`),
});

const SourceText = z.string().max(MAX_VOCABULARY_SOURCE_TEXT_CHARS);

/** Where an entry added with `POST /api/projects/:id/vocabulary` comes from. */
export const VocabularySourceBody = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('manual') }),
    z.strictObject({
      kind: z.literal('correction'),
      transcriptId: z.uuid().describe('The transcript (of this project) where the correction was made.'),
      before: SourceText.describe('The text as recognised, before the correction.'),
      after: SourceText.describe('The text as corrected.'),
    }),
  ])
  .describe('manual: typed in by hand (the default); correction: added from a correction made in a transcript.');

/** `POST /api/projects/:id/vocabulary`: one entry, and where it comes from. */
export const AddVocabularyEntryBody = VocabularyEntryBody.extend({ source: VocabularySourceBody.optional() });

/** `PUT /api/projects/:id/vocabulary`: the whole new vocabulary. */
export const PutVocabularyBody = z.strictObject({ entries: z.array(VocabularyEntryBody).max(MAX_PROJECT_VOCABULARY_ENTRIES) });

/** Where a stored entry came from. */
export const VocabularySourceJson = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.enum(['manual', 'import', 'unrecorded']) }),
    z.object({
      kind: z.literal('correction'),
      transcriptId: z.uuid().nullable().describe('The transcript the correction was made in (null once it is deleted).'),
      mediaName: z.string().nullable().describe("The name of that transcript's recording (null once it is gone)."),
      before: z.string(),
      after: z.string(),
    }),
  ])
  .describe('manual: added by hand; import: part of a whole list (PUT); correction: added from a correction in a transcript; unrecorded: added before this was kept.');

/** A stored entry. */
export const VocabularyEntryJson = z.object({
  phrase: z.string(),
  soundsLike: z.array(z.string()).optional(),
  displayAs: z.string().optional(),
  boost: z.number().optional(),
  source: VocabularySourceJson,
  createdBy: z.uuid().nullable().describe('Who added it (null once that account is gone).'),
  createdByName: z.string().nullable().describe("That account's display name."),
  createdAt: z.int().describe('Milliseconds since the epoch.'),
  updatedBy: z.uuid().nullable().describe('Who changed it last (null once that account is gone).'),
  updatedByName: z.string().nullable().describe("That account's display name."),
  updatedAt: z.int().describe('Milliseconds since the epoch.'),
});

/** `GET` and `PUT /api/projects/:id/vocabulary`. */
export const VocabularyResponse = z.object({ entries: z.array(VocabularyEntryJson) });

/** One refused entry of a 422 `invalid-vocabulary`. */
export const VocabularyProblemJson = z.object({
  index: z.int().describe('Position of the entry in the list sent (0 for a single entry).'),
  phrase: z.string(),
  code: z.string().describe('What is wrong, e.g. unsupported-characters (the model cannot spell it) or common-sounds-like.'),
  reason: z.string(),
  soundsLike: z.string().optional().describe('With common-sounds-like: the sounds-like form that is too common in ordinary speech.'),
});

/** `POST /api/projects/:id/vocabulary/check`: entries to check without storing them. */
export const CheckVocabularyBody = z.strictObject({ entries: z.array(VocabularyEntryBody).min(1).max(100) });

/** The answer of `POST /api/projects/:id/vocabulary/check`. */
export const VocabularyCheckResponse = z.object({
  problems: z.array(VocabularyProblemJson).describe('Every problem that would refuse the entries (empty: they would be stored).'),
});

/** The 422 `invalid-vocabulary` body: the usual error plus every refused entry and why. */
export const InvalidVocabularyResponse = z.object({
  error: z.object({ code: z.literal('invalid-vocabulary'), message: z.string(), problems: z.array(VocabularyProblemJson) }),
});

/** {@link VocabularyEntryJson} of a stored entry. */
export function toVocabularyEntryJson(entry: ProjectVocabularyEntry): z.infer<typeof VocabularyEntryJson> {
  return { ...entry, source: { ...entry.source }, ...(entry.soundsLike === undefined ? {} : { soundsLike: [...entry.soundsLike] }) };
}
