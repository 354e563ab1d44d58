import type * as Y from 'yjs';
import type { ModelComparisonRowJson, ModelIdentityJson } from '@verbatim/core/api';
import { readTranscriptWords, type TranscriptDocWord } from '@verbatim/core/document';
import { JobError } from '../../jobs/JobError.ts';
import { CalibrationStore } from '../../quality/CalibrationStore.ts';
import { calibrateJobWords } from '../../quality/calibrateJobWords.ts';
import type { JobHandler } from '../../jobs/JobHandler.ts';
import { VocabularyStore } from '../../vocabulary/VocabularyStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { identityOf } from '../ModelRegistry.ts';
import { ModelRegistryError } from '../ModelRegistryError.ts';
import { type ProjectPluginsOptions, transcribeForProject } from '../rerun/transcribeForProject.ts';
import { type ComparedTranscript, type ComparisonFigures, measureComparison } from './measureComparison.ts';
import { type CompareModelsJobPayload, ModelComparisonStore } from './ModelComparisonStore.ts';
import { comparisonSet } from './comparisonSet.ts';
import { mergeSpans } from '../../quality/scoreVerifiedSpans.ts';

/** Options of {@link compareModelsJobHandler}. */
export interface CompareModelsJobHandlerOptions extends ProjectPluginsOptions {
  /** The document of a transcript's open collaboration room, if any (read instead of the stored log). */
  readonly liveDocument?: ((transcriptId: string) => Y.Doc | undefined) | undefined;
}

/**
 * The `compare-models` job: measures a candidate model against the models that made the project's reviewed work
 * (`comparisonSet`: the text inside its verified spans when it has any, else the whole text of its transcripts with
 * review records). The reference is the current document's words (inside the spans: those whose middle is); the
 * `current` row scores the transcripts' stored original words (the recogniser's, before plugins; inside the spans
 * likewise), the `candidate` row the candidate's words on the same media, transcribed as a `transcribe` job would
 * (project vocabulary and plugin vocabularies; no post-processing, like the original words), each verified span
 * aligned on its own. Figures come from `measureComparison`; ECE is left out (null) for a model that is not
 * calibrated (and not recalibrated by field quality, whose calibration the candidate's words get as a job's would), or
 * for stored words whose model is no longer installed (nothing says whether it was). Progress goes by
 * transcript; the rows are stored in the comparison.
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

    const set = comparisonSet(db, job.projectId, { split: payload.split });
    const documents = new DocumentStore(db);
    const current: ComparedTranscript[] = [];
    const candidate: ComparedTranscript[] = [];
    const currentModels = new Map<string, ModelIdentityJson>();
    let compared = 0;
    for (const [index, { id, spans }] of set.transcripts.entries()) {
      context.signal.throwIfAborted();
      const record = transcripts.get(id);
      const mediaRecord = record === undefined ? undefined : media.get(record.mediaId);
      // deleted while the job ran: left out of both rows
      if (record === undefined || mediaRecord === undefined) continue;
      const reference = referenceWords(documents, options.liveDocument, id);
      const stored = (transcripts.originalSegments(id) ?? []).flatMap((segment) => segment.words);
      const fresh = await transcribeForProject(context, {
        model,
        mediaId: record.mediaId,
        postProcess: false,
        plugins: options.plugins,
        pluginErrors: options.pluginErrors,
        onProgress: (fraction) => context.reportProgress((index + fraction) / set.transcripts.length),
      });
      // confidences as a transcribe job would store them: with the candidate version's recalibration, if it has one
      const freshWords = calibrateJobWords(db, identityOf(model), [{ start: 0, end: 0, words: fresh.original }])[0]!.words;
      // the whole text, or each verified span on its own; the audio and the time taken count once per transcript
      const parts = spans === null ? [{ startMs: -Infinity, endMs: Infinity }] : mergeSpans(spans);
      parts.forEach((span, part) => {
        const inside = (w: { start: number; end: number }) => ((w.start + w.end) / 2) * 1000 >= span.startMs && ((w.start + w.end) / 2) * 1000 <= span.endMs;
        const text = reference.filter(inside).map((w) => w.text).join(' ');
        const first = part === 0;
        current.push({ reference: text, words: stored.filter(inside), audioSeconds: first ? mediaRecord.durationSeconds : 0, processingSeconds: null });
        candidate.push({ reference: text, words: freshWords.filter(inside), audioSeconds: first ? fresh.audioSeconds : 0, processingSeconds: first ? fresh.processingSeconds : 0 });
      });
      compared += 1;
      currentModels.set(JSON.stringify([record.model.id, record.model.version, record.model.sha256]), record.model);
      context.reportProgress((index + 1) / set.transcripts.length);
    }
    if (compared === 0) throw new JobError('transcript-not-found', 'The project has no reviewed transcript to compare on: verify or review some words of a transcript first.');

    const terms = new VocabularyStore(db).list(job.projectId).map((entry) => [entry.phrase, ...(entry.displayAs === undefined ? [] : [entry.displayAs])]);
    const threshold = db.prepare<[string], { review_threshold: number }>('SELECT review_threshold FROM projects WHERE id = ?').get(job.projectId)?.review_threshold ?? 0.6;
    // calibrated: the package says so, or field quality recalibrated the version (its words were stored recalibrated)
    const calibrations = new CalibrationStore(db);
    const recalibrated = (identity: ModelIdentityJson) => calibrations.active(identity.id, identity.version) !== undefined;
    let currentCalibrated = true;
    for (const identity of currentModels.values()) {
      const installed = await context.models.store.findBySha256(identity.sha256);
      if (!recalibrated(identity) && (installed === undefined || !installed.calibrated)) currentCalibrated = false;
    }
    const only = currentModels.size === 1 ? [...currentModels.values()][0]! : null;
    const rows: ModelComparisonRowJson[] = [
      row('current', only, measureComparison(current, { terms, flagThreshold: threshold, calibrated: currentCalibrated })),
      row('candidate', identityOf(model), measureComparison(candidate, { terms, flagThreshold: threshold, calibrated: model.calibrated || recalibrated(model) })),
    ];
    const audioSeconds = candidate.reduce((sum, t) => sum + t.audioSeconds, 0);
    comparisons.finish(comparison.id, { basis: set.basis, transcripts: compared, audioSeconds, rows });
    return { comparisonId: comparison.id, basis: set.basis, transcripts: compared, rows };
  };
}

function row(role: ModelComparisonRowJson['role'], model: ModelIdentityJson | null, figures: ComparisonFigures): ModelComparisonRowJson {
  return { role, model: model === null ? null : { id: model.id, version: model.version, sha256: model.sha256 }, ...figures };
}

function referenceWords(documents: DocumentStore, liveDocument: ((id: string) => Y.Doc | undefined) | undefined, id: string): TranscriptDocWord[] {
  const live = liveDocument?.(id);
  if (live !== undefined) return readTranscriptWords(live);
  const doc = documents.load(id);
  try {
    return readTranscriptWords(doc);
  } finally {
    doc.destroy();
  }
}
