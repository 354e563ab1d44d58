import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { applyPlattScaling, type ModelProvenance, type Segment } from '@verbatim/core';
import { CalibrationStore } from './CalibrationStore.ts';

/**
 * A new job's words with the active calibration revision of their model version applied to every confidence (see
 * `POST /api/quality/recalibrations`); the same segments when the version has none. Called where a transcription
 * job stores its transcript, on the document's words and on the original words alike, so field measures judge the
 * confidences people see.
 *
 * @example
 * const segments = calibrateJobWords(db, model, result.segments);
 */
export function calibrateJobWords(db: SqlDatabase, model: ModelProvenance, segments: readonly Segment[]): readonly Segment[] {
  const revision = new CalibrationStore(db).active(model.id, model.version);
  if (revision === undefined) return segments;
  return segments.map((segment) => ({
    ...segment,
    words: segment.words.map((word) => ({ ...word, confidence: applyPlattScaling(word.confidence, revision) })),
  }));
}
