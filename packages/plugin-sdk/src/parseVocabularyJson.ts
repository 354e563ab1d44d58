import { validateVocabularyEntries, type VocabularyEntry } from '@verbatim/core/vocabulary';

/** A vocabulary file's entries, or why it cannot be used. */
export type ParsedVocabulary = { ok: true; entries: VocabularyEntry[] } | { ok: false; problems: string[] };

/**
 * Parses the text of a static vocabulary file (a JSON array of entries) and validates every entry with
 * {@link validateVocabularyEntries} (an unknown field refuses the entry); the entries come out as plain copies.
 */
export function parseVocabularyJson(text: string): ParsedVocabulary {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch (error) {
    return { ok: false, problems: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const problems = validateVocabularyEntries(json);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, entries: plainEntries(json as VocabularyEntry[]) };
}

/** Copies of validated entries holding only the known fields. */
export function plainEntries(entries: readonly VocabularyEntry[]): VocabularyEntry[] {
  return entries.map((e) => {
    const out: VocabularyEntry = { phrase: e.phrase };
    if (e.soundsLike !== undefined) out.soundsLike = [...e.soundsLike];
    if (e.displayAs !== undefined) out.displayAs = e.displayAs;
    if (e.boost !== undefined) out.boost = e.boost;
    return out;
  });
}
