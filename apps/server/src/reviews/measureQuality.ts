import type { Database } from 'better-sqlite3';
import { readTranscriptWords } from '@verbatim/core/document';
import type { DocumentStore } from '../yjs/DocumentStore.ts';
import type { ReviewStore } from './ReviewStore.ts';

/** How one model version fares in a project's transcripts. */
export interface ModelQuality {
  modelId: string;
  modelVersion: string;
  /** Transcripts this model version made. */
  transcripts: number;
  /** Words it recognised: the original words kept beside those transcripts (edits do not change them). */
  words: number;
  /** Words of those transcripts' current documents marked reviewed. */
  reviewed: number;
  /** Reviews that accepted a word as recognised. */
  accepted: number;
  /** Reviews that corrected a word. */
  corrected: number;
  /** corrected / (accepted + corrected): the share of reviewed flagged words the model got wrong; null before any review. */
  correctionRate: number | null;
}

/** Where {@link measureQuality} reads from. */
export interface QualitySources {
  readonly db: Database;
  readonly documents: DocumentStore;
  readonly reviews: ReviewStore;
}

interface TranscriptRow {
  id: string;
  model_id: string;
  model_version: string;
  words: number;
}

/**
 * Quality per model version of a project's transcripts, by model id and version: how many transcripts and original
 * words each made, how many words are reviewed now, and how reviewers judged its flagged words. Loads every
 * transcript's document once (to count reviewed words), so its cost grows with the project.
 *
 * @example
 * measureQuality({ db, documents, reviews }, projectId); // [{ modelId, modelVersion, correctionRate: 0.25, … }]
 */
export function measureQuality(sources: QualitySources, projectId: string): ModelQuality[] {
  const rows = sources.db
    .prepare<[string], TranscriptRow>(
      `SELECT t.id, t.model_id, t.model_version,
              COALESCE((SELECT SUM(json_array_length(segment.value, '$.words')) FROM json_each(t.original_words) AS segment), 0) AS words
       FROM transcripts AS t WHERE t.project_id = ? ORDER BY t.created_at, t.id`,
    )
    .all(projectId);
  const byModel = new Map<string, ModelQuality>();
  const entry = (modelId: string, modelVersion: string): ModelQuality => {
    const key = JSON.stringify([modelId, modelVersion]);
    let quality = byModel.get(key);
    if (quality === undefined) {
      quality = { modelId, modelVersion, transcripts: 0, words: 0, reviewed: 0, accepted: 0, corrected: 0, correctionRate: null };
      byModel.set(key, quality);
    }
    return quality;
  };
  for (const row of rows) {
    const quality = entry(row.model_id, row.model_version);
    quality.transcripts += 1;
    quality.words += row.words;
    const doc = sources.documents.load(row.id);
    try {
      quality.reviewed += readTranscriptWords(doc).filter((word) => word.reviewed).length;
    } finally {
      doc.destroy();
    }
  }
  for (const counts of sources.reviews.countByModel(projectId)) {
    const quality = entry(counts.modelId, counts.modelVersion);
    quality.accepted = counts.accepted;
    quality.corrected = counts.corrected;
  }
  for (const quality of byModel.values()) {
    const judged = quality.accepted + quality.corrected;
    quality.correctionRate = judged === 0 ? null : quality.corrected / judged;
  }
  return [...byModel.values()].sort((a, b) => compare(a.modelId, b.modelId) || compare(a.modelVersion, b.modelVersion));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
