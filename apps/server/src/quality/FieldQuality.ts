import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { DEFAULT_REVIEW_THRESHOLD, type Segment } from '@verbatim/core';
import type { ModelQualityJson, QualityAlertJson, QualityAlertStateJson, QualityProblemJson, QualityResponse } from '@verbatim/core/api';
import { readTranscriptTurns } from '@verbatim/core/document';
import type { DocumentStore } from '../yjs/DocumentStore.ts';
import type { ReviewStore } from '../reviews/ReviewStore.ts';
import type { CalibrationStore } from './CalibrationStore.ts';
import { comparisonBaseline } from './comparisonBaseline.ts';
import { measureField } from './measureField.ts';
import type { QualitySettings, QualitySettingsStore } from './QualitySettings.ts';
import { scoreVerifiedSpans, type ScoredUnit } from './scoreVerifiedSpans.ts';
import type { SliceAttributeStore } from './SliceAttributeStore.ts';
import { alertOf, correctionsOf, slicesOf, trendOf, type PlacedUnit } from './summarizeModel.ts';
import type { VerifiedSpanStore } from './VerifiedSpanStore.ts';

/** Where {@link FieldQuality} reads from. */
export interface FieldQualitySources {
  readonly db: SqlDatabase;
  readonly documents: DocumentStore;
  readonly reviews: ReviewStore;
  readonly spans: VerifiedSpanStore;
  readonly attributes: SliceAttributeStore;
  readonly settings: QualitySettingsStore;
  readonly calibrations: CalibrationStore;
}

/** One transcript as measures see it. */
interface TranscriptRow {
  id: string;
  project_id: string;
  media_id: string;
  model_id: string;
  model_version: string;
  created_at: number;
  seq: number;
  threshold: number;
}

/** What is kept per transcript between requests, valid while its document and spans stay as they were. */
interface CacheEntry {
  readonly key: string;
  /** Original words: immutable, so counted once per entry (parsing every transcript's JSON per request is what costs). */
  readonly words: number;
  readonly reviewed: number;
  readonly units: readonly ScoredUnit[];
  readonly problem: QualityProblemJson['problem'] | undefined;
}

/** Per model version: the units of all its transcripts, what the measures and /metrics start from. */
export interface ModelUnits {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly units: readonly PlacedUnit[];
}

const DEFAULT_CACHE_ENTRIES = 10_000;

// A model id or version that names nothing: transcripts imported without provenance.
const UNKNOWN_MODEL = /^(|unknown)$/iu;

/**
 * Field quality per model version, computed on demand from verified spans, the current documents and the stored
 * original words, with a per-transcript cache: a transcript's scored units (and its count of reviewed words) are kept
 * under a key made of its document's last update sequence and its spans' fingerprint, so a request re-reads only the
 * transcripts changed since the last one (one indexed query finds them) and otherwise only sums cached units; the
 * cache holds at most `maxEntries` transcripts (least recently used go first).
 *
 * @example
 * const quality = new FieldQuality(sources);
 * quality.measure(projectId); // QualityResponse
 */
export class FieldQuality {
  readonly #sources: FieldQualitySources;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #maxEntries: number;
  /** Transcripts read from their documents since creation (what the cache saves; tests check it). */
  documentReads = 0;

  constructor(sources: FieldQualitySources, options: { maxEntries?: number } = {}) {
    this.#sources = sources;
    this.#maxEntries = options.maxEntries ?? DEFAULT_CACHE_ENTRIES;
  }

  /** The quality response of a project, or with null of the whole deployment. */
  measure(projectId: string | null): QualityResponse {
    const settings = this.#sources.settings.get(projectId);
    const { rows, entries, byModel, problems } = this.#collect(projectId);
    const counts = this.#reviewCounts(projectId);
    const media = this.#sources.attributes.mediaOf(projectId);
    const speakers = this.#sources.attributes.speakersOf(projectId);
    const speakerKey = projectId === null ? (u: PlacedUnit) => `${u.projectId}\n${u.speaker}` : (u: PlacedUnit) => u.speaker;
    const models: ModelQualityJson[] = [...byModel.values()].map(({ modelId, modelVersion, units }) => {
      const mine = rows.filter((r) => r.model_id === modelId && r.model_version === modelVersion);
      const accepted = counts.get(key(modelId, modelVersion))?.accepted ?? 0;
      const corrected = counts.get(key(modelId, modelVersion))?.corrected ?? 0;
      return {
        modelId,
        modelVersion,
        transcripts: mine.length,
        words: mine.reduce((n, r) => n + entries.get(r.id)!.words, 0),
        reviewed: mine.reduce((n, r) => n + entries.get(r.id)!.reviewed, 0),
        accepted,
        corrected,
        correctionRate: accepted + corrected === 0 ? null : corrected / (accepted + corrected),
        verifiedTranscripts: new Set(units.map((u) => u.transcriptId)).size,
        field: measureField(units, settings.minWords),
        trend: trendOf(units, settings.minWords),
        corrections: correctionsOf(units),
        slices: slicesOf(units, { media, speakers, speakerKey }, settings),
        alert: this.alertState({ modelId, modelVersion, units }, projectId, settings),
        calibration: this.#sources.calibrations.active(modelId, modelVersion) ?? null,
      };
    });
    const threshold = projectId === null ? DEFAULT_REVIEW_THRESHOLD : (rows[0]?.threshold ?? this.#projectThreshold(projectId));
    return {
      models,
      scope: projectId === null ? 'deployment' : 'project',
      threshold,
      minWords: settings.minWords,
      disparityWarningRatio: settings.disparityWarningRatio,
      problems,
    };
  }

  /** Every model version's units across the deployment (for /metrics and recalibration), with the deployment's settings. */
  unitsByModel(): { settings: QualitySettings; models: ModelUnits[] } {
    return { settings: this.#sources.settings.get(null), models: [...this.#collect(null).byModel.values()] };
  }

  /** The alert state of one model version's units, in a project (its settings) or with null across the deployment. */
  alertState(model: ModelUnits, projectId: string | null, settings: QualitySettings): QualityAlertStateJson {
    return alertOf(model.units, settings, comparisonBaseline(this.#sources.db, projectId, model.modelId, model.modelVersion));
  }

  /**
   * The alerts that fire, for each project in `projectIds` (with its own settings) and, when `deployment`, across
   * the deployment (its settings): what `GET /api/quality/alerts` answers.
   */
  alerts(projectIds: readonly string[], deployment: boolean): QualityAlertJson[] {
    const alerts: QualityAlertJson[] = [];
    const scopes: (string | null)[] = [...(deployment ? [null] : []), ...projectIds];
    for (const projectId of scopes) {
      const settings = this.#sources.settings.get(projectId);
      for (const model of this.#collect(projectId).byModel.values()) {
        const state = this.alertState(model, projectId, settings);
        if (state.state === 'alert') alerts.push({ modelId: model.modelId, modelVersion: model.modelVersion, projectId, ...state });
      }
    }
    return alerts;
  }

  #collect(projectId: string | null): { rows: TranscriptRow[]; entries: Map<string, CacheEntry>; byModel: Map<string, ModelUnits>; problems: QualityProblemJson[] } {
    const rows = this.#sources.db
      .prepare<[string | null, string | null], TranscriptRow>(
        `SELECT t.id, t.project_id, t.media_id, t.model_id, t.model_version, t.created_at, p.review_threshold AS threshold,
                COALESCE((SELECT MAX(seq) FROM doc_updates WHERE doc_id = t.id), 0) AS seq
         FROM transcripts AS t JOIN projects AS p ON p.id = t.project_id
         WHERE (? IS NULL OR t.project_id = ?) ORDER BY t.created_at, t.id`,
      )
      .all(projectId, projectId);
    const fingerprints = this.#sources.spans.fingerprints(projectId);
    const byModel = new Map<string, ModelUnits>();
    const problems: QualityProblemJson[] = [];
    const entries = new Map<string, CacheEntry>();
    for (const row of rows) {
      const entry = this.#entry(row, fingerprints.get(row.id) ?? '');
      entries.set(row.id, entry);
      if (entry.problem !== undefined) {
        problems.push({ transcriptId: row.id, projectId: row.project_id, problem: entry.problem, message: problemMessage(entry.problem, row) });
        if (entry.problem === 'model-unknown') continue;
      }
      const id = key(row.model_id, row.model_version);
      const model = byModel.get(id) ?? { modelId: row.model_id, modelVersion: row.model_version, units: [] as PlacedUnit[] };
      (model.units as PlacedUnit[]).push(
        ...entry.units.map((unit) => ({
          ...unit,
          threshold: row.threshold,
          transcriptId: row.id,
          projectId: row.project_id,
          mediaId: row.media_id,
          transcriptCreatedAt: row.created_at,
        })),
      );
      byModel.set(id, model);
    }
    const sorted = new Map([...byModel].sort(([, a], [, b]) => compare(a.modelId, b.modelId) || compare(a.modelVersion, b.modelVersion)));
    return { rows, entries, byModel: sorted, problems };
  }

  #entry(row: TranscriptRow, fingerprint: string): CacheEntry {
    const cacheKey = `${row.seq}|${fingerprint}`;
    const cached = this.#cache.get(row.id);
    if (cached !== undefined && cached.key === cacheKey) {
      // least recently used goes first: move it to the end
      this.#cache.delete(row.id);
      this.#cache.set(row.id, cached);
      return cached;
    }
    this.documentReads++;
    const doc = this.#sources.documents.load(row.id);
    let entry: CacheEntry;
    try {
      const turns = readTranscriptTurns(doc);
      const reviewed = turns.reduce((n, turn) => n + turn.words.filter((w) => w.reviewed).length, 0);
      const spans = fingerprint === '' ? [] : this.#sources.spans.list(row.id).map((s) => ({ startMs: s.startMs, endMs: s.endMs, at: s.at }));
      const original = this.#original(row.id);
      const words = original?.reduce((n, segment) => n + (Array.isArray(segment.words) ? segment.words.length : 0), 0) ?? 0;
      const unknownModel = UNKNOWN_MODEL.test(row.model_id) || UNKNOWN_MODEL.test(row.model_version);
      const units = spans.length === 0 || unknownModel ? [] : scoreVerifiedSpans(turns, original ?? [], spans);
      const missing = spans.length > 0 && (original === undefined || original.every((s) => s.words.length === 0));
      entry = { key: cacheKey, words, reviewed, units: missing ? [] : units, problem: unknownModel && spans.length > 0 ? 'model-unknown' : missing ? 'original-words-missing' : undefined };
    } finally {
      doc.destroy();
    }
    this.#cache.set(row.id, entry);
    if (this.#cache.size > this.#maxEntries) this.#cache.delete(this.#cache.keys().next().value!);
    return entry;
  }

  #original(transcriptId: string): Segment[] | undefined {
    const row = this.#sources.db.prepare<[string], { original_words: string }>('SELECT original_words FROM transcripts WHERE id = ?').get(transcriptId);
    if (row === undefined) return undefined;
    try {
      const parsed = JSON.parse(row.original_words) as unknown;
      return Array.isArray(parsed) ? (parsed as Segment[]) : undefined;
    } catch {
      return undefined;
    }
  }

  #reviewCounts(projectId: string | null): Map<string, { accepted: number; corrected: number }> {
    const counts = new Map<string, { accepted: number; corrected: number }>();
    const projects =
      projectId === null ? this.#sources.db.prepare<[], { id: string }>('SELECT id FROM projects').all().map((p) => p.id) : [projectId];
    for (const id of projects) {
      for (const c of this.#sources.reviews.countByModel(id)) {
        const entry = counts.get(key(c.modelId, c.modelVersion)) ?? { accepted: 0, corrected: 0 };
        counts.set(key(c.modelId, c.modelVersion), { accepted: entry.accepted + c.accepted, corrected: entry.corrected + c.corrected });
      }
    }
    return counts;
  }

  #projectThreshold(projectId: string): number {
    return this.#sources.db.prepare<[string], { t: number }>('SELECT review_threshold AS t FROM projects WHERE id = ?').get(projectId)?.t ?? DEFAULT_REVIEW_THRESHOLD;
  }
}

function problemMessage(problem: QualityProblemJson['problem'], row: TranscriptRow): string {
  return problem === 'model-unknown'
    ? `Transcript ${row.id} has verified spans but no known model (id ${JSON.stringify(row.model_id)}, version ${JSON.stringify(row.model_version)}); its words are not measured.`
    : `Transcript ${row.id} has verified spans but its original machine words are missing; its words are not measured.`;
}

function key(modelId: string, modelVersion: string): string {
  return JSON.stringify([modelId, modelVersion]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
