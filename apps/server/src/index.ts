// @verbatim/server foundations: the database, the durable job queue, accounts, sessions, tokens and project roles.
// The HTTP layer (Hono routes, WebSocket, SSE) is built on these in the server issue.

// database
export { openDatabase } from './db/openDatabase.ts';
export type { OpenDatabaseOptions } from './db/openDatabase.ts';
export { migrate } from './db/migrate.ts';
export { MIGRATIONS } from './db/migrations.ts';
export type { Migration } from './db/Migration.ts';
export { DatabaseError } from './db/DatabaseError.ts';
export type { DatabaseErrorCode } from './db/DatabaseError.ts';
export type { SqlDatabase, SqlRunResult, SqlStatement, SqlTransaction } from './db/SqlDatabase.ts';
export { isDatabaseUrl, openSqlDatabase } from './db/openSqlDatabase.ts';
export type { OpenSqlDatabaseOptions } from './db/openSqlDatabase.ts';
export { sqlDialect } from './db/sqlDialect.ts';
export { PostgresDatabase, PostgresStatement } from './db/postgres/PostgresDatabase.ts';
export type { PostgresDatabaseOptions, RawResult } from './db/postgres/PostgresDatabase.ts';
export { PostgresError } from './db/postgres/postgresErrors.ts';

// job queue
export { JobQueue } from './queue/JobQueue.ts';
export type { JobQueueOptions } from './queue/JobQueue.ts';
export type { FailOptions, HeartbeatResult, JobQueueApi, LeasedJobs } from './queue/JobQueueApi.ts';
export type { AttemptJob, JobSource, JobSourceOptions } from './queue/JobSource.ts';
export { GraphileJobQueue } from './queue/graphile/GraphileJobQueue.ts';
export type { GraphileJobQueueOptions, PostgresSqlDatabase } from './queue/graphile/GraphileJobQueue.ts';
export { prepareGraphileQueue } from './queue/graphile/prepareGraphileQueue.ts';
export { JOB_STATES } from './queue/Job.ts';
export type { Job, JobState, NewJob } from './queue/Job.ts';
export { JobQueueError } from './queue/JobQueueError.ts';
export type { JobQueueErrorCode } from './queue/JobQueueError.ts';
export type { JobPage, ListJobsQuery } from './queue/listJobs.ts';
export { runClaimedJob } from './queue/runClaimedJob.ts';
export type { JobContext, JobHandler, JobOutcome, RunClaimedJobOptions } from './queue/runClaimedJob.ts';
export type { BackoffOptions } from './queue/backoffDelay.ts';
export { Emitter } from './queue/Emitter.ts';
export type { Disposable, Event } from './queue/Emitter.ts';

// accounts and access
export { AuthError } from './auth/AuthError.ts';
export type { AuthErrorCode } from './auth/AuthError.ts';
export { DEFAULT_PASSWORD_HASH_PARAMS, hashPassword, needsRehash, verifyPassword } from './auth/hashPassword.ts';
export type { PasswordHashParams } from './auth/hashPassword.ts';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './auth/passwordPolicy.ts';
export { AccountStore } from './auth/AccountStore.ts';
export type { AccountStoreOptions, AuthenticateResult, FirstAdmin, NewUser } from './auth/AccountStore.ts';
export { SessionStore } from './auth/SessionStore.ts';
export type { ActiveSession, NewSession, SessionStoreOptions } from './auth/SessionStore.ts';
export type { Session } from './auth/Session.ts';
export { csrfTokenFor, verifyCsrfToken } from './auth/csrfToken.ts';
export { API_TOKEN_PREFIX, ApiTokenStore, looksLikeApiToken } from './auth/ApiTokenStore.ts';
export type { ApiToken, ApiTokenStoreOptions, VerifiedApiToken } from './auth/ApiTokenStore.ts';
export { ProjectStore } from './auth/ProjectStore.ts';
// the confidence threshold of a new project, shared with the workbench
export { DEFAULT_REVIEW_THRESHOLD } from '@verbatim/core';
export type { Project, ProjectChanges, ProjectMember, ProjectStoreOptions } from './auth/ProjectStore.ts';
export { isProjectRole, PROJECT_ROLES, roleAtLeast } from './auth/ProjectRole.ts';
export type { ProjectRole } from './auth/ProjectRole.ts';
export { isProjectAction, PROJECT_ACTION_ROLES, PROJECT_ACTIONS } from './auth/ProjectAction.ts';
export type { ProjectAction } from './auth/ProjectAction.ts';
export { decideAccess } from './auth/decideAccess.ts';
export type { AccessDecision } from './auth/decideAccess.ts';
export type { Principal } from './auth/Principal.ts';
export type { User } from './auth/User.ts';

// configuration and the HTTP layer
export { BUNDLED_MODEL_DIR, BUNDLED_PLUGINS_DIR, BUNDLED_WEB_DIR, loadConfig } from './config/loadConfig.ts';
export type { LoadConfigOptions } from './config/loadConfig.ts';
export type { ServerConfig } from './config/ServerConfig.ts';
export { ConfigError } from './config/ConfigError.ts';
export type { ConfigErrorCode } from './config/ConfigError.ts';
export { parseByteSize } from './config/parseByteSize.ts';
export { createApp, JSON_BODY_LIMIT_BYTES } from './http/createApp.ts';
export type { AppDeps } from './http/AppDeps.ts';
export type { AppEnv, RequestAuth } from './http/AppEnv.ts';
export { createServerContext, DATABASE_FILE } from './http/createServerContext.ts';
export type { ServerContext, ServerContextOptions } from './http/createServerContext.ts';
export { ContentRemover } from './content/ContentRemover.ts';
export type { RemoveContentDeps, RemovedContent } from './content/removeContent.ts';
export { startServer } from './http/startServer.ts';
export type { RunningServer, StartServerOptions } from './http/startServer.ts';
export { HttpError } from './http/HttpError.ts';
export type { HttpErrorStatus } from './http/HttpError.ts';
export { jsonLineLogger, silentLogger } from './http/Logger.ts';
export type { Logger } from './http/Logger.ts';
export { API_VERSION, apiDocument, apiOperationKeys } from './http/openapi/apiDocument.ts';
export { SESSION_COOKIE } from './http/sessionCookie.ts';
export { SERVER_PATH_PREFIXES, serveWebApp } from './http/middleware/serveWebApp.ts';
export type { ServeWebAppOptions } from './http/middleware/serveWebApp.ts';
export { resolveWebFile, webPathSegments } from './http/web/resolveWebFile.ts';
export type { WebFile } from './http/web/resolveWebFile.ts';
export { webContentType } from './http/web/webContentType.ts';
export { contentSecurityPolicy, WEB_FILE_HEADERS, webHtmlHeaders } from './http/web/webSecurityHeaders.ts';

// transcripts as Yjs documents, and the collaboration endpoint
// (the document's schema, builder and readers are @verbatim/core/document's)
export { onlyReviewMarksChanged } from './transcripts/onlyReviewMarksChanged.ts';
export type { OnlyReviewMarksChangedOptions } from './transcripts/onlyReviewMarksChanged.ts';
export { onlyReviewMarksUpdate } from './transcripts/onlyReviewMarksUpdate.ts';
export type { OnlyReviewMarksUpdateOptions } from './transcripts/onlyReviewMarksUpdate.ts';
export { acceptTranscriptUpdate } from './transcripts/acceptTranscriptUpdate.ts';
export { TranscriptStore } from './transcripts/TranscriptStore.ts';
export type { NewTranscript, TranscriptRecord, TranscriptStoreOptions } from './transcripts/TranscriptStore.ts';
export { TranscriptError } from './transcripts/TranscriptError.ts';
export type { TranscriptErrorCode } from './transcripts/TranscriptError.ts';
export { DocumentStore } from './yjs/DocumentStore.ts';
export type { DocumentStoreOptions, MigrationOutcome, OpenedDocument } from './yjs/DocumentStore.ts';
export { migrationFailure, ReadOnlyDocumentError, readOnlyReasonOf } from './transcripts/ReadOnlyDocument.ts';
export type { ReadOnlyDocument } from './transcripts/ReadOnlyDocument.ts';
export { YjsRoom } from './yjs/YjsRoom.ts';
export type { RefusalReason, RefusedUpdate, YjsAccess, YjsPeer, YjsRoomOptions } from './yjs/YjsRoom.ts';
export { handleYjsConnection } from './yjs/handleYjsConnection.ts';
export type { HandleYjsConnectionOptions, YjsConnection, YjsLimitName } from './yjs/handleYjsConnection.ts';
export { inspectUpdate } from './yjs/inspectUpdate.ts';
export type { InspectUpdateOptions, NewItemPlace, NewStruct, UpdateInspection } from './yjs/inspectUpdate.ts';
export { DEFAULT_YJS_LIMITS } from './yjs/YjsLimits.ts';
export type { YjsLimits } from './yjs/YjsLimits.ts';
export { YJS_CLOSE_CODES, YJS_CLOSE_REASONS } from './yjs/yjsCloseCodes.ts';
export { messageAccess, writeAccess } from './yjs/yjsMessages.ts';
export { TokenBucket } from './yjs/TokenBucket.ts';
export type { Rate } from './yjs/TokenBucket.ts';
export { createYjsEndpoint, MAX_ROOM_MESSAGE_BYTES, RELOAD_REASONS, roomCompression } from './yjs/createYjsEndpoint.ts';
export type { YjsEndpoint, YjsEndpointOptions } from './yjs/createYjsEndpoint.ts';
export { authorizeYjsUpgrade, YJS_PATH_PREFIX } from './yjs/authorizeYjsUpgrade.ts';
export type { YjsAuthDeps, YjsUpgradeDecision } from './yjs/authorizeYjsUpgrade.ts';
export { YJS_MIGRATIONS } from './yjs/yjsMigrations.ts';

// media: uploads, content-addressed storage, waveform peaks
export { MediaStore } from './media/MediaStore.ts';
export type { MediaRecord, MediaStoreOptions, NewMedia } from './media/MediaStore.ts';
export { MEDIA_MIGRATIONS } from './media/mediaMigrations.ts';
export { MEDIA_ERROR_STATUS, MediaError } from './media/MediaError.ts';
export type { MediaErrorCode } from './media/MediaError.ts';
export { receiveUploads } from './media/receiveUploads.ts';
export type { ReceiveUploadsOptions } from './media/receiveUploads.ts';
export { multipartBoundary, readMultipart } from './media/readMultipart.ts';
export type { MultipartPart, ReadMultipartOptions } from './media/readMultipart.ts';
export { MAX_PEAK_PIXELS, PEAKS_SAMPLE_RATE, PEAKS_SAMPLES_PER_PIXEL, PeaksBuilder } from './media/WaveformPeaks.ts';
export type { WaveformPeaks } from './media/WaveformPeaks.ts';
export { decodeWaveformDat, encodeWaveformDat, WAVEFORM_DAT_CONTENT_TYPE, WAVEFORM_DAT_HEADER_BYTES } from './media/waveformDat.ts';
export { analyzeMedia } from './media/analyzeMedia.ts';
export type { AnalyzeMediaOptions, MediaAnalysis } from './media/analyzeMedia.ts';
export { MediaAnalyzer } from './media/MediaAnalyzer.ts';
export type { MediaAnalyzerOptions } from './media/MediaAnalyzer.ts';
export { checkStatedLength, decodeLimitSeconds, DECODED_BYTES_PER_SECOND, DEFAULT_MEDIA_LIMITS } from './media/MediaLimits.ts';
export type { MediaLimits } from './media/MediaLimits.ts';
export { parseRange } from './media/parseRange.ts';
export type { ByteRange } from './media/parseRange.ts';
export { sanitizeFileName } from './media/sanitizeFileName.ts';
export { mediaContentType } from './media/mediaContentType.ts';

// transcription jobs
export { JobRunner } from './jobs/JobRunner.ts';
export type { FinishedJobAttempt, JobRunnerOptions, StopJobRunnerOptions } from './jobs/JobRunner.ts';
export { JobError } from './jobs/JobError.ts';
export type { JobErrorCode } from './jobs/JobError.ts';
export { JOB_MIGRATIONS } from './jobs/jobMigrations.ts';
export { storeJobTranscript, transcriptOfJob } from './jobs/storeJobTranscript.ts';
export type { JobTranscript } from './jobs/storeJobTranscript.ts';
export { readTranscribeJobPayload, TRANSCRIBE_JOB_KIND } from './jobs/transcribeJobPayload.ts';
export type { TranscribeJobPayload } from './jobs/transcribeJobPayload.ts';
export type { JobHandler as JobKindHandler, JobHandlerContext } from './jobs/JobHandler.ts';
export { transcribeJobHandler } from './jobs/transcribeJobHandler.ts';
export type { TranscribeJobHandlerOptions, TranscribeJobResult } from './jobs/transcribeJobHandler.ts';
export { ModelPools } from './jobs/ModelPools.ts';
export type { ModelPoolsOptions, PoolLease, PoolModel } from './jobs/ModelPools.ts';

// the model registry: installed models (the shared store), aliases with their audited moves, URL installs
export { identityOf, MODEL_ALIAS_NAMES, ModelRegistry, SYSTEM_USER } from './models/ModelRegistry.ts';
export type {
  AliasMoveInput,
  ModelAlias,
  ModelAliasAction,
  ModelAliasEvent,
  ModelAliasName,
  ModelIdentity,
  ModelRegistryOptions,
  PromoteInput,
  PromotionGate,
  RollbackInput,
  SetAliasInput,
} from './models/ModelRegistry.ts';
export { ModelRegistryError } from './models/ModelRegistryError.ts';
export type { ModelRegistryErrorCode } from './models/ModelRegistryError.ts';
export type { ComparisonGate } from './models/ComparisonGate.ts';
export type { ModelStoreLike } from './models/InstalledModel.ts';
export { ModelInstallBusyError, ModelInstalls } from './models/ModelInstalls.ts';
export type { ModelInstall, ModelInstallRequest, ModelInstallsOptions } from './models/ModelInstalls.ts';
export { seedBundledModel } from './models/seedBundledModel.ts';
export { MODEL_MIGRATIONS } from './models/modelMigrations.ts';
export { modelRoutes } from './models/modelRoutes.ts';
export { modelAliasRoutes } from './models/modelAliasRoutes.ts';
export { projectModelAliasRoutes } from './models/projectModelAliasRoutes.ts';
export { registerModelAliasMetrics } from './models/modelAliasMetrics.ts';
export { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, exportDisposition, isExportFormat, renderTranscriptExport } from './http/routes/transcriptExport.ts';
export type { ExportFormat } from './http/routes/transcriptExport.ts';

// operations: metrics, logs, the process entry
export { ServerMetrics } from './metrics/ServerMetrics.ts';
export type { HttpRequestSample, ServerMetricsOptions } from './metrics/ServerMetrics.ts';
export { isLoopback, metricsRoutes } from './metrics/metricsRoutes.ts';
export { httpMetrics, UNMATCHED_ROUTE } from './metrics/httpMetrics.ts';
export { recordJobMetrics } from './metrics/recordJobMetrics.ts';
export { EXIT_CONFIG, EXIT_FAILED, EXIT_OK, runServer } from './main/runServer.ts';
export type { ServerProcess } from './main/runServer.ts';
export { pinoLogger } from './http/Logger.ts';
export type { PinoLoggerOptions } from './http/Logger.ts';
export type { CreateAppOptions } from './http/createApp.ts';

// project vocabulary
export { MAX_PROJECT_VOCABULARY_ENTRIES, MAX_VOCABULARY_PHRASE_CHARS, MAX_VOCABULARY_SOURCE_TEXT_CHARS, toVocabularyEntries, VocabularyStore } from './vocabulary/VocabularyStore.ts';
export type { NewVocabularySource, ProjectVocabularyEntry, VocabularySource, VocabularyStoreOptions } from './vocabulary/VocabularyStore.ts';
export { VocabularyStoreError } from './vocabulary/VocabularyStoreError.ts';
export type { VocabularyStoreErrorCode } from './vocabulary/VocabularyStoreError.ts';
export { VOCABULARY_MIGRATIONS } from './vocabulary/vocabularyMigrations.ts';
export { commonSoundsLike, createVocabularyChecker } from './vocabulary/checkVocabulary.ts';
export type { VocabularyCheck, VocabularyCheckProblem, VocabularyChecker } from './vocabulary/checkVocabulary.ts';
export { COMMON_ENGLISH_WORDS, COMMON_PHRASE_PROBABILITY, commonPhrasesFromLanguageModel, commonPhrasesFromWordList } from './vocabulary/commonPhrases.ts';
export type { CommonPhrases, PhraseFrequency } from './vocabulary/commonPhrases.ts';
export { vocabularyRoutes } from './http/routes/vocabularyRoutes.ts';
export type { VocabularyRoutesOptions } from './http/routes/vocabularyRoutes.ts';

// plugins: discovery at start, the project's choice, provenance and change records per transcript
export { loadServerPlugins, NO_PLUGINS } from './plugins/loadServerPlugins.ts';
export type { LoadServerPluginsOptions, PluginCatalog, PluginSettings, ServerPlugins } from './plugins/loadServerPlugins.ts';
export { ProjectPluginStore } from './plugins/ProjectPluginStore.ts';
export type { ProjectPlugin, ProjectPluginStoreOptions } from './plugins/ProjectPluginStore.ts';
export { PluginChangeStore } from './plugins/PluginChangeStore.ts';
export type { PluginChange } from './plugins/PluginChangeStore.ts';
export { PLUGIN_MIGRATIONS } from './plugins/pluginMigrations.ts';
export { pluginRoutes } from './http/routes/pluginRoutes.ts';
export { projectPluginRoutes } from './http/routes/projectPluginRoutes.ts';
export { splitSpacedWords } from './jobs/splitSpacedWords.ts';

// review: per-word marks live in the documents; reviews, flagged words and quality per model version
export { MAX_REVIEW_TEXT_CHARS, REVIEW_ACTIONS, ReviewStore } from './reviews/ReviewStore.ts';
export type { AddedReview, ListReviewsOptions, ModelReviewCounts, NewReview, Review, ReviewAction, ReviewStoreOptions } from './reviews/ReviewStore.ts';
export { ReviewError } from './reviews/ReviewError.ts';
export type { ReviewErrorCode } from './reviews/ReviewError.ts';
export { REVIEW_MIGRATIONS } from './reviews/reviewMigrations.ts';
export { flaggedWordsOf } from './reviews/flaggedWordsOf.ts';
export type { FlaggedWordInTranscript } from './reviews/flaggedWordsOf.ts';
export { findFlaggedWords } from './reviews/findFlaggedWords.ts';
export type { FlaggedWord, FlaggedWords, FlaggedWordsSources } from './reviews/findFlaggedWords.ts';
export { measureQuality } from './reviews/measureQuality.ts';
export type { ModelQuality, QualitySources } from './reviews/measureQuality.ts';
export { DEFAULT_FLAGGED_LIMIT, MAX_FLAGGED_LIMIT } from './reviews/reviewSchemas.ts';
export { reviewRoutes } from './http/routes/reviewRoutes.ts';
export { reviewProjectRoutes } from './http/routes/reviewProjectRoutes.ts';
