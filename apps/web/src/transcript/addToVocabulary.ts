import { ApiError, type ApiClient } from '../platform/ApiClient.ts';

/** A vocabulary entry as `POST /api/projects/:id/vocabulary` takes it. */
export interface VocabularyEntryBody {
  phrase: string;
  soundsLike?: string[];
  displayAs?: string;
}

/**
 * The entries to try, best first, for storing a corrected term: as typed, with what the model heard as its
 * "sounds like"; then spelled in lower case with the typed form to display (for models that only spell lower case);
 * then without the "sounds like" (which the model may refuse).
 */
export function vocabularyCandidates(corrected: string, heard: string | undefined): VocabularyEntryBody[] {
  const phrase = corrected.trim().replace(/\s+/g, ' ');
  const soundsLike = heard && heard.trim().toLowerCase() !== phrase.toLowerCase() ? [heard.trim().replace(/\s+/g, ' ')] : undefined;
  const lower = phrase.toLowerCase();
  const out: VocabularyEntryBody[] = [{ phrase, ...(soundsLike && { soundsLike }) }];
  if (lower !== phrase) out.push({ phrase: lower, displayAs: phrase, ...(soundsLike && { soundsLike }) });
  if (soundsLike) out.push(lower !== phrase ? { phrase: lower, displayAs: phrase } : { phrase });
  return out;
}

/**
 * Stores a corrected term in the project's vocabulary, trying {@link vocabularyCandidates} in turn while the server
 * refuses them as unspellable (422). Returns the entry stored; throws the last refusal.
 */
export async function addToVocabulary(api: ApiClient, projectId: string, corrected: string, heard?: string): Promise<VocabularyEntryBody> {
  let last: unknown;
  for (const body of vocabularyCandidates(corrected, heard)) {
    try {
      await api.post(`/api/projects/${encodeURIComponent(projectId)}/vocabulary`, body);
      return body;
    } catch (error) {
      last = error;
      if (!(error instanceof ApiError && error.status === 422)) throw error;
    }
  }
  throw last;
}
