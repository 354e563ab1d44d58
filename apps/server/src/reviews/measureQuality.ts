import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { ModelQualityJson, QualityResponse } from '@verbatim/core/api';
import { CalibrationStore } from '../quality/CalibrationStore.ts';
import { FieldQuality } from '../quality/FieldQuality.ts';
import { QualitySettingsStore } from '../quality/QualitySettings.ts';
import { SliceAttributeStore } from '../quality/SliceAttributeStore.ts';
import { VerifiedSpanStore } from '../quality/VerifiedSpanStore.ts';
import type { DocumentStore } from '../yjs/DocumentStore.ts';
import type { ReviewStore } from './ReviewStore.ts';

/**
 * How one model version fares: the counts of its transcripts, words and reviews, and the field measures on its
 * verified words (see `FieldQuality`).
 */
export type ModelQuality = ModelQualityJson;

/** Where {@link measureQuality} reads from. */
export interface QualitySources {
  readonly db: SqlDatabase;
  readonly documents: DocumentStore;
  readonly reviews: ReviewStore;
  readonly now?: () => number;
}

// One FieldQuality per database, so every route and /metrics share its per-transcript cache.
const shared = new WeakMap<SqlDatabase, FieldQuality>();

/** The {@link FieldQuality} of this database, made on first use and shared from then on. */
export function fieldQualityOf(sources: QualitySources): FieldQuality {
  let quality = shared.get(sources.db);
  if (quality === undefined) {
    const options = sources.now === undefined ? {} : { now: sources.now };
    quality = new FieldQuality({
      db: sources.db,
      documents: sources.documents,
      reviews: sources.reviews,
      spans: new VerifiedSpanStore(sources.db, options),
      attributes: new SliceAttributeStore(sources.db, options),
      settings: new QualitySettingsStore(sources.db, options),
      calibrations: new CalibrationStore(sources.db, options),
    });
    shared.set(sources.db, quality);
  }
  return quality;
}

/**
 * Quality per model version of a project's transcripts (or, with null, the deployment's), by model id and version:
 * transcripts, original words, reviewed words and review counts, and every field measure on verified words (WER/CER,
 * calibration, flags, trend, corrections, slices, alert). Computed on demand; unchanged transcripts come from the
 * shared cache.
 *
 * @example
 * measureQuality({ db, documents, reviews }, projectId).models; // [{ modelId, modelVersion, correctionRate: 0.25, field: { wer: … } }]
 */
export function measureQuality(sources: QualitySources, projectId: string | null): QualityResponse {
  return fieldQualityOf(sources).measure(projectId);
}
