import type * as Y from 'yjs';
import type { ServerContext } from '../http/createServerContext.ts';
import type { Logger } from '../http/Logger.ts';
import type { MediaStore } from '../media/MediaStore.ts';
import { compareModelsJobHandler } from '../models/compare/compareModelsJobHandler.ts';
import { COMPARE_MODELS_JOB_KIND } from '../models/compare/ModelComparisonStore.ts';
import { retranscribeJobHandler } from '../models/rerun/retranscribeJobHandler.ts';
import { RETRANSCRIBE_JOB_KIND } from '../models/rerun/retranscribeJobPayload.ts';
import type { ServerPlugins } from '../plugins/loadServerPlugins.ts';
import type { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { JobRunner } from './JobRunner.ts';

/** What {@link createServerJobRunner} builds the runner from. */
export interface ServerJobRunnerDeps {
  readonly context: Pick<ServerContext, 'config' | 'db' | 'queue' | 'models'>;
  readonly media: MediaStore;
  readonly transcripts: TranscriptStore;
  readonly plugins: ServerPlugins;
  readonly logger: Logger;
  /** A transcript's document as an open collaboration room holds it (the web process); undefined in a worker process. */
  readonly liveDocument?: ((transcriptId: string) => Y.Doc | undefined) | undefined;
}

/**
 * The {@link JobRunner} of a Verbatim process, with `config.workers` workers and every job kind the server runs
 * (transcribe, compare-models, retranscribe): the web process (`startServer`) and a `verbatim-server worker`
 * process build the same one, so a job runs alike wherever it is claimed. The caller starts and stops it.
 */
export function createServerJobRunner(deps: ServerJobRunnerDeps): JobRunner {
  const { context, plugins, logger, liveDocument } = deps;
  const { pluginErrors } = context.config;
  return new JobRunner({
    db: context.db,
    queue: context.queue,
    media: deps.media,
    transcripts: deps.transcripts,
    models: context.models,
    workers: context.config.workers,
    logger,
    plugins,
    pluginErrors,
    handlers: {
      [COMPARE_MODELS_JOB_KIND]: compareModelsJobHandler({ liveDocument, plugins, pluginErrors }),
      [RETRANSCRIBE_JOB_KIND]: retranscribeJobHandler({ liveDocument, plugins, pluginErrors }),
    },
  });
}
