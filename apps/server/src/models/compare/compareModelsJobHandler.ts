import type * as Y from 'yjs';
import type { ModelComparisonRowJson, ModelIdentityJson } from '@verbatim/core/api';
import { readTranscriptWords } from '@verbatim/core/document';
import { JobError } from '../../jobs/JobError.ts';
import type { JobHandler } from '../../jobs/JobHandler.ts';
import { VocabularyStore } from '../../vocabulary/VocabularyStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { identityOf } from '../ModelRegistry.ts';
import { ModelRegistryError } from '../ModelRegistryError.ts';
import { type ProjectPluginsOptions, transcribeForProject } from '../rerun/transcribeForProject.ts';
import { type ComparedTranscript, type ComparisonFigures, measureComparison } from './measureComparison.ts';
import { type CompareModelsJobPayload, ModelComparisonStore } from './ModelComparisonStore.ts';
import { reviewedTranscripts } from './reviewedTranscripts.ts';

/** Options of {@link compareModelsJobHandler}. */
export interface CompareModelsJobHandlerOptions extends ProjectPluginsOptions {
  /** The document of a transcript's open collaboration room, if any (read instead of the stored log). */
  readonly liveDocument?: ((transcriptId: string) => Y.Doc | undefined) | undefined;
}

/**
 * The `compare-models` job: measures a candidate model against the models that made a project's reviewed transcripts
 * (`reviewedTranscripts`). The reference is each transcript's current document text; the `current` row scores the
 * transcripts' stored original words (the recogniser's, before plugins), the `candidate` row the candidate's words on
 * the same media, transcribed as a `transcribe` job would (project vocabulary and plugin vocabularies; no
 * post-processing, like the original words). Figures come from `measureComparison`; ECE is left out (null) for a model
 * that is not calibrated, or for stored words whose model is no longer installed (nothing says whether it was).
 * Progress goes by transcript; the rows are stored in the comparison.
 */
export function compareModelsJobHandler(options: CompareModelsJobHandlerOptions = {}): JobHandler {
  return async (context) => {
    const { job, db, transcripts, media } = context;
    const payload = job.payload as Partial<CompareModelsJobPayload> | null;
    if (typeof payload?.comparisonId !== 'string' || typeof payload.model !== 'string') {
      throw new JobError('invalid-payload', 'A compare-models job needs a payload { comparisonId, model }.');
    }
    const comparisons = new ModelComparisonStore(db);
    const comparison = comparisons.get(payload.comparisonId);
    if (comparison === undefined || comparison.projectId !== job.projectId) {
      throw new JobError('comparison-not-found', `The comparison ${payload.comparisonId} is no longer in this project.`);
    }
    let model;
    try {
      model = await context.models.resolve(job.projectId, payload.model);
    } catch (error) {
      if (error instanceof ModelRegistryError) throw new JobError('model-unavailable', error.message, { cause: error });
      throw error;
    }
    if (model.sha256 !== comparison.candidate.sha256) {
      throw new JobError('model-unavailable', `${model.ref} is no longer the package this comparison was asked for (it was reinstalled with other content); ask for a new comparison.`);
    }
    context.models.recordJobModel(job.id, identityOf(model));

    const ids = reviewedTranscripts(db, job.projectId);
    const documents = new DocumentStore(db);
    const current: ComparedTranscript[] = [];
    const candidate: ComparedTranscript[] = [];
    const currentModels = new Map<string, ModelIdentityJson>();
    for (const [index, id] of ids.entries()) {
      context.signal.throwIfAborted();
      const record = transcripts.get(id);
      const mediaRecord = record === undefined ? undefined : media.get(record.mediaId);
      // deleted while the job ran: left out of both rows
      if (record === undefined || mediaRecord === undefined) continue;
      const reference = referenceText(documents, options.liveDocument, id);
      const stored = (transcripts.originalSegments(id) ?? []).flatMap((segment) => segment.words);
      const fresh = await transcribeForProject(context, {
        model,
        mediaId: record.mediaId,
        postProcess: false,
        plugins: options.plugins,
        pluginErrors: options.pluginErrors,
        onProgress: (fraction) => context.reportProgress((index + fraction) / ids.length),
      });
      current.push({ reference, words: stored, audioSeconds: mediaRecord.durationSeconds, processingSeconds: null });
      candidate.push({ reference, words: fresh.original, audioSeconds: fresh.audioSeconds, processingSeconds: fresh.processingSeconds });
      currentModels.set(JSON.stringify([record.model.id, record.model.version, record.model.sha256]), record.model);
      context.reportProgress((index + 1) / ids.length);
    }
    if (candidate.length === 0) throw new JobError('transcript-not-found', 'The project has no reviewed transcript to compare on: review some words of a transcript first.');

    const terms = new VocabularyStore(db).list(job.projectId).map((entry) => [entry.phrase, ...(entry.displayAs === undefined ? [] : [entry.displayAs])]);
    const threshold = db.prepare<[string], { review_threshold: number }>('SELECT review_threshold FROM projects WHERE id = ?').get(job.projectId)?.review_threshold ?? 0.6;
    let currentCalibrated = true;
    for (const identity of currentModels.values()) {
      const installed = await context.models.store.findBySha256(identity.sha256);
      if (installed === undefined || !installed.calibrated) currentCalibrated = false;
    }
    const only = currentModels.size === 1 ? [...currentModels.values()][0]! : null;
    const rows: ModelComparisonRowJson[] = [
      row('current', only, measureComparison(current, { terms, flagThreshold: threshold, calibrated: currentCalibrated })),
      row('candidate', identityOf(model), measureComparison(candidate, { terms, flagThreshold: threshold, calibrated: model.calibrated })),
    ];
    const audioSeconds = candidate.reduce((sum, t) => sum + t.audioSeconds, 0);
    comparisons.finish(comparison.id, { transcripts: candidate.length, audioSeconds, rows });
    return { comparisonId: comparison.id, transcripts: candidate.length, rows };
  };
}

function row(role: ModelComparisonRowJson['role'], model: ModelIdentityJson | null, figures: ComparisonFigures): ModelComparisonRowJson {
  return { role, model: model === null ? null : { id: model.id, version: model.version, sha256: model.sha256 }, ...figures };
}

function referenceText(documents: DocumentStore, liveDocument: ((id: string) => Y.Doc | undefined) | undefined, id: string): string {
  const live = liveDocument?.(id);
  if (live !== undefined) return readTranscriptWords(live).map((word) => word.text).join(' ');
  const doc = documents.load(id);
  try {
    return readTranscriptWords(doc).map((word) => word.text).join(' ');
  } finally {
    doc.destroy();
  }
}
