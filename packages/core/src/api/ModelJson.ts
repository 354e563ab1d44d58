import { z } from 'zod';

// The model lifecycle on the wire: installed models, aliases and their audited history, installs in progress,
// comparisons on reviewed work, re-runs and transcript revisions. One declaration, read by the server (validation,
// /api/openapi.json) and the workbench (types).

/** `<id>@<version>`: one installed model version. An id alone (no `@`) means its newest installed version. */
export const ModelRefJson = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(@[A-Za-z0-9][A-Za-z0-9.+_-]*)?$/, 'a model reference is <id> or <id>@<version>')
  .describe('An installed model: "<id>@<version>", or "<id>" for its newest installed version.');

/** Which model made something: id, version and the content hash of the installed package. */
export const ModelIdentityJson = z.object({
  id: z.string(),
  version: z.string(),
  sha256: z.string().describe('Content hash of the installed package (every file), as the model store names it.'),
});

/** The package layouts `model install` accepts. */
export const ModelLayoutJson = z.enum(['verbatim', 'sherpa-nemo-ctc', 'wav2vec2-ctc']);

/** Where a fine-tuned model came from, when known. */
export const ModelLineageJson = z.object({
  parent: ModelIdentityJson.nullable().describe('The model it was fine-tuned from.'),
  manifestSha256: z.string().nullable().describe('sha256 of the training-data manifest.'),
  trainingSeconds: z.number().nullable().describe('Audio it was tuned on, in seconds.'),
  steps: z.int().nullable(),
});

/** One installed model version (`GET /api/models`). */
export const InstalledModelJson = z.object({
  ...ModelIdentityJson.shape,
  ref: z.string().describe('"<id>@<version>".'),
  layout: ModelLayoutJson,
  modelSha256: z.string().describe('sha256 of the ONNX file (what a transcript made before the store recorded).'),
  source: z.string().describe('Where it was installed from: a path or URL (no credentials).'),
  installedAt: z.int(),
  installedBy: z.string().nullable().describe('Who installed it (a user id, or "cli:<os user>").'),
  sizeBytes: z.int(),
  language: z.string().nullable(),
  calibrated: z
    .boolean()
    .describe('Whether word confidence is a calibrated probability; when false it is a raw score and must not be shown as one.'),
  hasLm: z.boolean().describe('Whether it brings its own word language model.'),
  card: z.string().nullable().describe("The package's model card (Markdown), if it has one."),
  eval: z.unknown().nullable().describe("The package's own evaluation figures (its eval.json), if any."),
  lineage: ModelLineageJson,
  aliases: z.array(z.string()).describe('Aliases that point at it: "default", "candidate", "project:<projectId>:default".'),
  inUse: z.boolean().describe('Whether an alias or a queued or running job uses it (then it cannot be removed).'),
});

/** The aliases a model can be given. */
export const ModelAliasNameJson = z.enum(['default', 'candidate']);

/** Where an alias, or a move of one, happened. */
export const ModelAliasJson = z.object({
  alias: ModelAliasNameJson,
  projectId: z.uuid().nullable().describe('null: deployment-wide; otherwise the project whose override it is.'),
  model: ModelIdentityJson.nullable().describe('null: not set (a project then uses the deployment default).'),
  updatedAt: z.int().nullable(),
  updatedBy: z.string().nullable(),
});

/** What moved an alias. */
export const ModelAliasActionJson = z.enum(['set', 'promote', 'rollback', 'clear']);

/** One audited move of an alias (`GET /api/model-aliases/history`). */
export const ModelAliasEventJson = z.object({
  id: z.int(),
  alias: ModelAliasNameJson,
  projectId: z.uuid().nullable(),
  action: ModelAliasActionJson,
  from: ModelIdentityJson.nullable(),
  to: ModelIdentityJson.nullable(),
  by: z.string().describe('User id.'),
  byName: z.string().nullable(),
  at: z.int(),
  reason: z.string(),
  comparisonId: z.uuid().nullable().describe('The comparison a promotion was checked against, if any.'),
});

/** `PUT /api/model-aliases/:alias` (and `PUT /api/projects/:id/model-aliases/:alias`). */
export const SetModelAliasBody = z.object({
  model: ModelRefJson.nullable().describe('null clears the alias (not allowed for the deployment default).'),
  reason: z.string().trim().min(1).max(500),
});

/** `POST /api/model-aliases/promote`: candidate becomes default, optionally gated on a comparison. */
export const PromoteModelBody = z.object({
  reason: z.string().trim().min(1).max(500),
  projectId: z.uuid().nullable().optional().describe('Promote within this project only (its override); default deployment-wide.'),
  comparisonId: z.uuid().optional().describe('Gate on this comparison: refused when the candidate is worse than the current model by more than the margin.'),
  maxWerIncrease: z.number().min(0).max(1).optional().describe('Gate margin in absolute WER (default 0: the candidate must not be worse).'),
});

/** `POST /api/model-aliases/:alias/rollback`: the alias goes back to what it pointed at before its last move. */
export const RollbackModelBody = z.object({
  reason: z.string().trim().min(1).max(500),
  projectId: z.uuid().nullable().optional(),
});

/** `POST /api/models/installs`: install from an https URL. */
export const InstallModelBody = z.object({
  url: z.url().max(2000),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/).optional().describe('Expected sha256 of the downloaded file; required by the server for URLs.'),
  id: z.string().max(100).optional(),
  version: z.string().max(100).optional(),
});

/** An install in progress or done (`GET /api/models/installs/:id`). */
export const ModelInstallJson = z.object({
  id: z.uuid(),
  state: z.enum(['downloading', 'verifying', 'installed', 'failed', 'cancelled']),
  source: z.string(),
  receivedBytes: z.int(),
  totalBytes: z.int().nullable(),
  error: z.string().nullable().describe('Names the file and the problem when the install failed.'),
  model: InstalledModelJson.nullable(),
  startedAt: z.int(),
  finishedAt: z.int().nullable(),
});

/** One model's figures in a comparison, measured on the same reviewed transcripts. */
export const ModelComparisonRowJson = z.object({
  role: z.enum(['candidate', 'current']).describe('current: the models that made the transcripts, as stored.'),
  model: ModelIdentityJson.nullable().describe('null for "current" when several models made the transcripts.'),
  referenceWords: z.int(),
  wer: z.number().nullable(),
  cer: z.number().nullable(),
  substitutions: z.int(),
  deletions: z.int(),
  insertions: z.int(),
  termRecall: z.number().nullable().describe('Share of the project vocabulary terms in the reference that the model wrote; null without any.'),
  terms: z.int().describe('Vocabulary term occurrences in the reference.'),
  ece: z.number().nullable().describe('Expected calibration error over its words (10 equal-width bins); null when uncalibrated.'),
  flagPrecision: z.number().nullable(),
  flagRecall: z.number().nullable(),
  flagThreshold: z.number(),
  realTimeFactor: z.number().nullable().describe('Processing seconds per audio second (null for the stored transcripts).'),
});

/** A comparison of a model against the current transcripts on the project's reviewed work. */
export const ModelComparisonJson = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  jobId: z.uuid(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  candidate: ModelIdentityJson,
  transcripts: z.int().describe('Reviewed transcripts compared on.'),
  basis: z
    .enum(['verified-spans', 'reviews'])
    .optional()
    .describe('What was compared on: the verified spans of the transcripts that have some (when the project has any), else the whole text of the transcripts with review records.'),
  split: z.literal('test').optional().describe("Present when only the training export's test split was measured on."),
  audioSeconds: z.number(),
  rows: z.array(ModelComparisonRowJson).describe('Empty until the job succeeded.'),
  createdAt: z.int(),
  createdBy: z.string(),
  finishedAt: z.int().nullable(),
});

/** `POST /api/projects/:id/model-comparisons`. */
export const CreateModelComparisonBody = z.object({
  model: ModelRefJson,
  split: z
    .literal('test')
    .optional()
    .describe("Measure only on the recordings of the training export's test split (held back from fine-tuning)."),
});

/** `POST /api/projects/:id/reruns`: re-transcribe the transcripts one model version made. */
export const CreateRerunBody = z.object({
  fromModel: ModelRefJson.describe('Transcripts made by this model version.'),
  since: z.int().optional().describe('Made at or after this time (ms since the epoch).'),
  until: z.int().optional(),
  model: ModelRefJson.optional().describe("Re-transcribe with this model (default: the project's default alias)."),
});

/** A re-run batch (`POST /api/projects/:id/reruns` answers it). */
export const RerunJson = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  fromModel: ModelIdentityJson,
  model: ModelIdentityJson,
  jobIds: z.array(z.uuid()),
  createdAt: z.int(),
  createdBy: z.string(),
});

/** `POST /api/transcripts/:id/retranscribe`: transcribe its media again, keeping the human work. */
export const RetranscribeBody = z.object({
  model: ModelRefJson.optional().describe("Re-transcribe with this model (default: the project's default alias, resolved when the job starts)."),
  lm: z.enum(['off', 'base', 'adapted']).optional().describe('The word LM mode, as for a transcribe job.'),
});

/** The `payload` of a "retranscribe" job. */
export const RetranscribeJobPayloadJson = z.object({
  transcriptId: z.uuid(),
  model: ModelRefJson.optional(),
  rerunId: z.uuid().optional(),
  lm: z.enum(['off', 'base', 'adapted']).optional(),
  requestedBy: z.string().optional().describe('Who asked for it (a user id): the revisions it keeps name them.'),
});

/** One kept revision of a transcript (`GET /api/transcripts/:id/revisions`). */
export const TranscriptRevisionJson = z.object({
  id: z.uuid(),
  transcriptId: z.uuid(),
  kind: z.enum(['machine', 'before-rerun', 'before-restore']).describe('machine: a model output as made; before-*: the document just before it was replaced.'),
  model: ModelIdentityJson.nullable(),
  words: z.int(),
  createdAt: z.int(),
  createdBy: z.string().nullable(),
});

/** {@link ModelRefJson} as it is on the wire. */
export type ModelRefJson = z.infer<typeof ModelRefJson>;
/** {@link ModelIdentityJson} as it is on the wire. */
export type ModelIdentityJson = z.infer<typeof ModelIdentityJson>;
/** {@link ModelLayoutJson} as it is on the wire. */
export type ModelLayoutJson = z.infer<typeof ModelLayoutJson>;
/** {@link ModelLineageJson} as it is on the wire. */
export type ModelLineageJson = z.infer<typeof ModelLineageJson>;
/** {@link InstalledModelJson} as it is on the wire. */
export type InstalledModelJson = z.infer<typeof InstalledModelJson>;
/** {@link ModelAliasNameJson} as it is on the wire. */
export type ModelAliasNameJson = z.infer<typeof ModelAliasNameJson>;
/** {@link ModelAliasJson} as it is on the wire. */
export type ModelAliasJson = z.infer<typeof ModelAliasJson>;
/** {@link ModelAliasActionJson} as it is on the wire. */
export type ModelAliasActionJson = z.infer<typeof ModelAliasActionJson>;
/** {@link ModelAliasEventJson} as it is on the wire. */
export type ModelAliasEventJson = z.infer<typeof ModelAliasEventJson>;
/** {@link SetModelAliasBody} as it is on the wire. */
export type SetModelAliasBody = z.infer<typeof SetModelAliasBody>;
/** {@link PromoteModelBody} as it is on the wire. */
export type PromoteModelBody = z.infer<typeof PromoteModelBody>;
/** {@link RollbackModelBody} as it is on the wire. */
export type RollbackModelBody = z.infer<typeof RollbackModelBody>;
/** {@link InstallModelBody} as it is on the wire. */
export type InstallModelBody = z.infer<typeof InstallModelBody>;
/** {@link ModelInstallJson} as it is on the wire. */
export type ModelInstallJson = z.infer<typeof ModelInstallJson>;
/** {@link ModelComparisonRowJson} as it is on the wire. */
export type ModelComparisonRowJson = z.infer<typeof ModelComparisonRowJson>;
/** {@link ModelComparisonJson} as it is on the wire. */
export type ModelComparisonJson = z.infer<typeof ModelComparisonJson>;
/** {@link CreateModelComparisonBody} as it is on the wire. */
export type CreateModelComparisonBody = z.infer<typeof CreateModelComparisonBody>;
/** {@link CreateRerunBody} as it is on the wire. */
export type CreateRerunBody = z.infer<typeof CreateRerunBody>;
/** {@link RerunJson} as it is on the wire. */
export type RerunJson = z.infer<typeof RerunJson>;
/** {@link RetranscribeBody} as it is on the wire. */
export type RetranscribeBody = z.infer<typeof RetranscribeBody>;
/** {@link RetranscribeJobPayloadJson} as it is on the wire. */
export type RetranscribeJobPayloadJson = z.infer<typeof RetranscribeJobPayloadJson>;
/** {@link TranscriptRevisionJson} as it is on the wire. */
export type TranscriptRevisionJson = z.infer<typeof TranscriptRevisionJson>;
