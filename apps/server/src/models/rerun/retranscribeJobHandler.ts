import type * as Y from 'yjs';
import { segmentWords, type ModelProvenance } from '@verbatim/core';
import { JobError } from '../../jobs/JobError.ts';
import type { JobHandler } from '../../jobs/JobHandler.ts';
import { calibrateJobWords } from '../../quality/calibrateJobWords.ts';
import { ReadOnlyDocumentError } from '../../transcripts/ReadOnlyDocument.ts';
import { TranscriptRevisionStore } from '../../transcripts/revisions/TranscriptRevisionStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import { identityOf } from '../ModelRegistry.ts';
import { ModelRegistryError } from '../ModelRegistryError.ts';
import { applyRetranscription } from './applyRetranscription.ts';
import { readRetranscribeJobPayload } from './retranscribeJobPayload.ts';
import { type ProjectPluginsOptions, transcribeForProject } from './transcribeForProject.ts';

/** Options of {@link retranscribeJobHandler}. */
export interface RetranscribeJobHandlerOptions extends ProjectPluginsOptions {
  /** The document of a transcript's open collaboration room, if any: the new text goes through it to the editors. */
  readonly liveDocument?: ((transcriptId: string) => Y.Doc | undefined) | undefined;
}

/** The `result` of a `retranscribe` job. */
export interface RetranscribeJobResult {
  transcriptId: string;
  model: ModelProvenance;
  lm: string;
  /** The `machine` revision that holds the new output. */
  revisionId: string;
  /** The `before-rerun` revision that holds the document as it was (absent when a retry found it applied already). */
  beforeRevisionId?: string;
  carriedWords: number;
  carriedDeletions: number;
}

/**
 * The `retranscribe` job: resolves its model when it starts (the payload's `model`, else the project's default alias,
 * else the deployment's; recorded as the job's model), transcribes the transcript's media with it as a `transcribe`
 * job would (vocabulary, plugins), then replaces the document keeping human work (`applyRetranscription`: the old
 * document kept as `before-rerun`, the output as `machine`, human-touched stretches carried over by time). A transcript
 * or media gone, a model not installed and a read-only document fail the job with their message.
 */
export function retranscribeJobHandler(options: RetranscribeJobHandlerOptions = {}): JobHandler {
  return async (context) => {
    const { job, db, transcripts } = context;
    const payload = readRetranscribeJobPayload(job.payload);
    const record = transcripts.get(payload.transcriptId);
    if (record === undefined || record.projectId !== job.projectId) {
      throw new JobError('transcript-not-found', `The transcript ${payload.transcriptId} to re-transcribe is no longer in this project.`);
    }
    let model;
    try {
      model = await context.models.resolve(job.projectId, payload.model);
    } catch (error) {
      if (error instanceof ModelRegistryError) throw new JobError('model-unavailable', error.message, { cause: error });
      throw error;
    }
    context.models.recordJobModel(job.id, identityOf(model));
    const fresh = await transcribeForProject(context, {
      model,
      mediaId: record.mediaId,
      lm: payload.lm,
      postProcess: true,
      plugins: options.plugins,
      pluginErrors: options.pluginErrors,
      onProgress: (fraction) => context.reportProgress(fraction * 0.95),
    });
    context.signal.throwIfAborted();
    const identity = identityOf(model);
    let applied;
    try {
      applied = applyRetranscription(
        { db, transcripts, revisions: new TranscriptRevisionStore(db), documents: new DocumentStore(db), liveDocument: options.liveDocument },
        {
          transcriptId: record.id,
          model: identity,
          // the model version's active recalibration, if any, as a transcribe job stores its words
          segments: calibrateJobWords(db, identity, segmentWords(fresh.words)),
          originalSegments: calibrateJobWords(db, identity, segmentWords(fresh.original)),
          plugins: fresh.plugins,
          jobId: job.id,
          by: payload.requestedBy ?? null,
        },
      );
    } catch (error) {
      if (error instanceof ReadOnlyDocumentError) throw new JobError('document-read-only', `The transcript's document cannot be changed: ${error.message}`, { cause: error });
      throw error;
    }
    const result: RetranscribeJobResult = {
      transcriptId: record.id,
      model: identity,
      lm: fresh.lm,
      revisionId: applied.machine.id,
      carriedWords: applied.carriedWords,
      carriedDeletions: applied.carriedDeletions,
    };
    if (applied.before !== undefined) result.beforeRevisionId = applied.before.id;
    return result;
  };
}
