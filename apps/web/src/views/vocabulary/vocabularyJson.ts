/** Where a project's vocabulary entry came from (`GET /api/projects/:id/vocabulary`). */
export type VocabularySourceJson =
  | { kind: 'manual' | 'import' | 'unrecorded' }
  | { kind: 'correction'; transcriptId: string | null; mediaName: string | null; before: string; after: string };

/** A stored vocabulary entry, with where it came from and who changed it when. */
export interface VocabularyEntryJson {
  phrase: string;
  soundsLike?: string[];
  displayAs?: string;
  boost?: number;
  source: VocabularySourceJson;
  createdBy: string | null;
  createdByName: string | null;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: number;
}

/** An entry as `POST /api/projects/:id/vocabulary` takes it. */
export interface VocabularyEntryBody {
  phrase: string;
  soundsLike?: string[];
  displayAs?: string;
  boost?: number;
}

/** Where an entry being added comes from. */
export type NewVocabularySource = { kind: 'manual' } | { kind: 'correction'; transcriptId: string; before: string; after: string };

/** Why the server would refuse an entry (`POST /api/projects/:id/vocabulary/check`, or a 422's `error.problems`). */
export interface VocabularyProblemJson {
  index: number;
  phrase: string;
  /** e.g. `unsupported-characters` (the model cannot spell it) or `common-sounds-like` (see `soundsLike`). */
  code: string;
  reason: string;
  soundsLike?: string;
}
