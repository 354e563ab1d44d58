import type * as Y from 'yjs';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { AccountStore } from '../auth/AccountStore.ts';
import type { ApiTokenStore } from '../auth/ApiTokenStore.ts';
import type { ProjectStore } from '../auth/ProjectStore.ts';
import type { SessionStore } from '../auth/SessionStore.ts';
import type { ContentRemover } from '../content/ContentRemover.ts';
import type { LiveAudio } from '../live/LiveAudio.ts';
import type { LiveHub } from '../live/LiveHub.ts';
import type { ServerConfig } from '../config/ServerConfig.ts';
import type { ComparisonGate } from '../models/ComparisonGate.ts';
import type { ModelInstalls } from '../models/ModelInstalls.ts';
import type { ModelRegistry } from '../models/ModelRegistry.ts';
import type { PluginCatalog } from '../plugins/loadServerPlugins.ts';
import type { JobQueueApi } from '../queue/JobQueueApi.ts';
import type { Logger } from './Logger.ts';

/**
 * What the HTTP app is built from: plain objects over one open database (see `createServerContext`). The app
 * uses them and never closes them; whoever created them disposes them.
 */
export interface AppDeps {
  readonly db: SqlDatabase;
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  readonly tokens: ApiTokenStore;
  readonly projects: ProjectStore;
  readonly queue: JobQueueApi;
  /** Deletes projects, recordings and transcripts, and tells the collaboration rooms so (they close at once). */
  readonly content: ContentRemover;
  readonly config: ServerConfig;
  /** Milliseconds clock (default `Date.now`). */
  readonly now?: () => number;
  /** Where request and error logs go (default: JSON lines on stdout/stderr). */
  readonly logger?: Logger;
  /** The installed and refused plugins (default: none; `startServer` discovers them). */
  readonly plugins?: PluginCatalog;
  /** The document of a transcript's loaded collaboration room, if any (`startServer`: the Yjs endpoint's rooms). */
  readonly liveDocument?: (transcriptId: string) => Y.Doc | undefined;
  /** The installed models and their aliases (the model routes answer 503 without it). */
  readonly models?: ModelRegistry;
  /** Installs from URLs that the admin API started (this process's). */
  readonly modelInstalls?: ModelInstalls;
  /** Checks a promotion against a comparison (`POST /api/model-aliases/promote` with `comparisonId`). */
  readonly comparisonGate?: ComparisonGate;
  /** Live sessions' captions fanned out to their sources and viewers (`startServer`'s; none: nothing is published). */
  readonly liveHub?: LiveHub;
  /** The live audio endpoint (`startServer`'s; none: no source is ever connected, and stopping drains nothing). */
  readonly liveAudio?: LiveAudio;
}
