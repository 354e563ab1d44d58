import { z } from 'zod';

// Model quality in the field, on the wire: measured on words reviewers marked verified, per model version, with
// confidence quality, trend, fairness slices, alerts and recalibration. "Not enough data" is a null measure with a
// reason, never a number computed from a handful of words.

/** A two-sided 95 % confidence interval. */
export const IntervalJson = z.object({ lower: z.number(), upper: z.number() });

/** An error rate (WER or CER) with its edits. */
export const ErrorRateJson = z.object({
  rate: z.number().describe('errors / total.'),
  errors: z.int(),
  total: z.int().describe('Reference units: verified words (WER) or characters (CER).'),
  substitutions: z.int(),
  deletions: z.int(),
  insertions: z.int(),
  interval: IntervalJson.nullable().describe(
    'Delta-method interval of the pooled rate with verified spans as clusters (core errorRateInterval); null with fewer than two spans.',
  ),
});

/** One bin of the reliability diagram. */
export const ReliabilityBinJson = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.int().describe('Scored machine words whose confidence fell in [lower, upper) (the last bin includes 1).'),
  correct: z.int(),
  meanConfidence: z.number().nullable().describe('null for an empty bin.'),
  accuracy: z.number().nullable().describe('correct / count; null for an empty bin.'),
  interval: IntervalJson.nullable().describe('Wilson interval of the accuracy; null for an empty bin.'),
});

/** Flag precision and recall at the project's review threshold. */
export const FlagQualityJson = z.object({
  threshold: z.number(),
  flagged: z.int().describe('Scored words below the threshold.'),
  errors: z.int().describe('Scored words that were wrong.'),
  flaggedErrors: z.int(),
  precision: z.number().nullable().describe('flaggedErrors / flagged: flags that found an error; null when nothing was flagged.'),
  recall: z.number().nullable().describe('flaggedErrors / errors: errors a reviewer following only F8 finds; null without errors.'),
  precisionInterval: IntervalJson.nullable(),
  recallInterval: IntervalJson.nullable(),
});

/** Every field measure of one set of verified words (a model version, a week, a slice). */
export const FieldMeasuresJson = z.object({
  verifiedWords: z.int().describe('Reference (verified) words, after scoring normalisation.'),
  scoredWords: z.int().describe('Machine words inside verified spans that were scored right or wrong.'),
  spans: z.int().describe('Verified spans the words come from.'),
  enough: z.boolean().describe('Whether verifiedWords reaches the minimum (minWords); when false every measure below is null.'),
  reason: z.string().nullable().describe('Why the measures are null ("not enough data: …"), else null.'),
  wer: ErrorRateJson.nullable(),
  cer: ErrorRateJson.nullable(),
  ece: z.number().nullable().describe('Expected calibration error over the reliability bins.'),
  auroc: z.number().nullable().describe('AUROC of error detection (lower confidence → wrong); null also when no word was wrong.'),
  reliability: z.array(ReliabilityBinJson).describe('Ten equal-width bins; empty when not enough data.'),
  flags: FlagQualityJson.nullable(),
});

/** One point of a model version's trend: the words verified on transcripts of that ISO week. */
export const QualityTrendPointJson = z.object({
  week: z.string().describe('ISO 8601 week of the verification, "YYYY-Www".'),
  verifiedWords: z.int(),
  wer: z.number().nullable().describe('null when the week has fewer than minWords verified words.'),
  ece: z.number().nullable(),
});

/** A word or phrase reviewers corrected, with how often. */
export const CorrectionCountJson = z.object({
  said: z.string().describe('What the model wrote (normalised; "" when it missed the words).'),
  meant: z.string().describe('What the verified text says (normalised; "" when the model inserted words).'),
  count: z.int(),
});

/** One value of a slice attribute, with every measure over the words it describes. */
export const QualitySliceJson = z.object({
  value: z.string(),
  transcripts: z.int(),
  measures: FieldMeasuresJson,
});

/** The largest gap between the slices of one attribute. */
export const DisparityJson = z.object({
  worst: z.string().describe('Slice value with the highest WER.'),
  best: z.string().describe('Slice value with the lowest WER.'),
  ratio: z.number().nullable().describe('worst WER / best WER over slices with at least minWords words; null when the best slice made no errors (unbounded).'),
  warning: z.boolean().describe('ratio above the project setting disparityWarningRatio (or unbounded).'),
});

/** A fairness slice: one attribute key (of recordings or speakers) and its values. */
export const QualitySliceGroupJson = z.object({
  source: z.enum(['recording', 'speaker']).describe('Whose attribute: the recording (PUT /api/media/{id}/attributes) or the speaker.'),
  key: z.string(),
  slices: z.array(QualitySliceJson),
  disparity: DisparityJson.nullable().describe('null with fewer than two slices of minWords words.'),
});

/** Whether a model version's recent field quality is worse than its own baseline. */
export const QualityAlertStateJson = z.object({
  state: z.enum(['ok', 'alert', 'not-enough-data']),
  reason: z.string().describe('What was compared, with the figures, or why nothing could be.'),
  baselineWer: z
    .number()
    .nullable()
    .describe("The baseline's WER: the candidate row of the version's newest finished model comparison if it has one, else its first baselineWords verified words."),
  windowWer: z.number().nullable().describe('WER of its last windowWords verified words.'),
  baselineEce: z.number().nullable(),
  windowEce: z.number().nullable(),
  margin: z.number().describe('How much worse (absolute) the window may be before the alert fires.'),
});

/** An active calibration revision of a model version (see RecalibrationJson). */
export const RecalibrationJson = z.object({
  id: z.int(),
  modelId: z.string(),
  modelVersion: z.string(),
  method: z.enum(['platt']),
  a: z.number().describe('calibrated = σ(a · logit(confidence) + b).'),
  b: z.number(),
  fittedWords: z.int().describe('Verified machine words the fit used.'),
  heldOutWords: z.int().describe('Verified machine words held out (every fifth) to check it.'),
  eceBefore: z.number().describe('ECE of the held-out words with the confidences as recognised.'),
  eceAfter: z.number().describe('ECE of the held-out words with the fitted calibration applied.'),
  createdAt: z.int(),
  createdBy: z.string().nullable().describe('User id (null once the account is gone).'),
  active: z.boolean().describe('Whether new jobs of this model version apply it (the newest revision not removed).'),
});

/** How one model version fares: one row of `GET /api/projects/:id/quality` (or `GET /api/quality`). */
export const ModelQualityJson = z.object({
  modelId: z.string(),
  modelVersion: z.string(),
  transcripts: z.int().describe('Transcripts this model version made in the project.'),
  words: z.int().describe('Words it recognised: the original words kept beside those transcripts, unchanged by edits.'),
  reviewed: z.int().describe("Words of those transcripts' current documents marked reviewed."),
  accepted: z.int().describe('Standing reviews (POST /api/transcripts/:id/reviews, not withdrawn) that accepted a word as recognised.'),
  corrected: z.int().describe('Standing reviews that corrected (or deleted) words.'),
  correctionRate: z
    .number()
    .nullable()
    .describe('corrected / (accepted + corrected): the share of reviewed flagged words the model got wrong; null before any review.'),
  verifiedTranscripts: z.int().describe('Transcripts with at least one verified span.'),
  field: FieldMeasuresJson.describe('Every measure over all its verified words.'),
  trend: z.array(QualityTrendPointJson).describe('Per ISO week of verification, oldest first.'),
  corrections: z.array(CorrectionCountJson).describe('Most-corrected words and phrases, most frequent first (at most 20).'),
  slices: z.array(QualitySliceGroupJson).describe('Per attribute key, by source then key.'),
  alert: QualityAlertStateJson,
  calibration: RecalibrationJson.nullable().describe('The calibration revision new jobs of this version apply, if any.'),
});

/** A transcript the measures could not use, and why (reported rather than silently skipped). */
export const QualityProblemJson = z.object({
  transcriptId: z.string(),
  projectId: z.string(),
  problem: z.enum(['original-words-missing', 'model-unknown']),
  message: z.string(),
});

/** `GET /api/projects/:id/quality` and, deployment-wide for administrators, `GET /api/quality`. */
export const QualityResponse = z.object({
  models: z.array(ModelQualityJson).describe('One entry per model id and version, by id then version.'),
  scope: z.enum(['project', 'deployment']),
  threshold: z.number().describe("The review threshold flag precision/recall use (the project's; the default deployment-wide)."),
  minWords: z.int().describe('Verified words a measure needs before it is given.'),
  disparityWarningRatio: z.number(),
  problems: z.array(QualityProblemJson),
});

/** One model version's alert, for the workbench's notification (`GET /api/quality/alerts`). */
export const QualityAlertJson = z.object({
  modelId: z.string(),
  modelVersion: z.string(),
  projectId: z.string().nullable().describe('The project it concerns; null for the deployment-wide measure.'),
  ...QualityAlertStateJson.shape,
});

/** `GET /api/quality/alerts`: the model versions whose alert fires, for projects the caller owns (all for admins). */
export const QualityAlertsResponse = z.object({ alerts: z.array(QualityAlertJson) });

/** A span of a transcript a reviewer marked verified: every word in it has been checked. Times in milliseconds. */
export const VerifiedSpanJson = z.object({
  id: z.int(),
  transcriptId: z.string(),
  scope: z.enum(['transcript', 'turn', 'span']),
  startMs: z.int(),
  endMs: z.int(),
  by: z.string().nullable().describe('User id (null once the account is gone).'),
  byName: z.string().nullable(),
  at: z.int(),
});

/** `POST /api/transcripts/:id/verified-spans`: the whole transcript, one turn (by index), or a time span. */
export const CreateVerifiedSpanBody = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('transcript') }),
  z.object({
    scope: z.literal('turn'),
    turn: z.int().min(0).describe('Index of the turn (paragraph) in the current document.'),
    startMs: z
      .int()
      .min(0)
      .optional()
      .describe('With endMs: the turn as the caller saw it; the span recorded is this one, so a turn split or merged before the request arrives (an edit still on its way to the server) cannot shift which words are marked.'),
    endMs: z.int().min(0).optional(),
  }),
  z.object({ scope: z.literal('span'), startMs: z.int().min(0), endMs: z.int().min(0) }),
]);

/** `GET /api/transcripts/:id/verified-spans`. */
export const VerifiedSpansResponse = z.object({ spans: z.array(VerifiedSpanJson) });

/** Limits of free-form slice attributes. */
export const ATTRIBUTE_LIMITS = { keyChars: 40, valueChars: 100, keys: 20, bytes: 4096 } as const;

/**
 * Free-form attributes of a recording or a speaker (accent, setting, …), set by owners and never inferred: at most
 * 20 keys of ≤ 40 characters, values of ≤ 100, 4 KB in all as JSON.
 */
export const RecordingAttributesJson = z
  .record(
    z.string(),
    z
      .string()
      .trim()
      .min(1, 'an attribute value is not empty')
      .max(ATTRIBUTE_LIMITS.valueChars, `an attribute value has at most ${ATTRIBUTE_LIMITS.valueChars} characters`),
  )
  .superRefine((value, ctx) => {
    const keys = Object.keys(value);
    for (const key of keys) {
      if (key.trim() === '') ctx.addIssue({ code: 'custom', message: 'an attribute key is not empty', path: [key] });
      else if ([...key].length > ATTRIBUTE_LIMITS.keyChars) ctx.addIssue({ code: 'custom', message: `an attribute key has at most ${ATTRIBUTE_LIMITS.keyChars} characters`, path: [key] });
    }
    if (keys.length > ATTRIBUTE_LIMITS.keys) ctx.addIssue({ code: 'custom', message: `at most ${ATTRIBUTE_LIMITS.keys} attributes (got ${keys.length})` });
    const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
    if (bytes > ATTRIBUTE_LIMITS.bytes) ctx.addIssue({ code: 'custom', message: `attributes take at most ${ATTRIBUTE_LIMITS.bytes} bytes as JSON (got ${bytes})` });
  })
  .describe('Keys of 1-40 characters, values of 1-100, at most 20 keys and 4096 bytes as JSON.');

/** `PUT /api/media/:id/attributes` body and answer. */
export const MediaAttributesBody = z.object({ attributes: RecordingAttributesJson });

/** `PUT /api/projects/:id/speaker-attributes` body and answer: attributes per speaker label, as the turns name them. */
export const SpeakerAttributesBody = z.object({
  speakers: z
    .record(z.string().min(1).max(200), RecordingAttributesJson)
    .refine((value) => Object.keys(value).length <= 500, 'at most 500 speakers'),
});

/** `POST /api/quality/recalibrations` (administrators): fit a calibration revision of one model version. */
export const CreateRecalibrationBody = z.object({ modelId: z.string().min(1).max(200), modelVersion: z.string().min(1).max(200) });

/** The knobs of field quality, per project (`GET`/`PUT /api/projects/:id/quality-settings`) and for the deployment (`/api/quality/settings`). */
export const QualitySettingsJson = z.object({
  minWords: z.int().min(1).max(1_000_000).describe('Verified words a measure (a version, a week, a slice) needs before it is given (default 100).'),
  windowWords: z.int().min(1).max(1_000_000).describe('The sliding window of /metrics and the alert: the last N verified words (default 500).'),
  baselineWords: z.int().min(1).max(1_000_000).describe("The alert's baseline: a version's first N verified words (default 500)."),
  werMargin: z.number().min(0).max(10).describe('The alert fires when the window WER exceeds the baseline WER by more than this (default 0.05) …'),
  eceMargin: z.number().min(0).max(1).describe('… or the window ECE exceeds the baseline ECE by more than this (default 0.05).'),
  disparityWarningRatio: z.number().min(1).max(1000).describe('Warn when the worst slice WER is more than this times the best (default 1.5).'),
});

/** `PUT` of quality settings: any of them. */
export const QualitySettingsPatchBody = QualitySettingsJson.partial().strict();

/** `GET /api/quality/recalibrations`. */
export const RecalibrationsResponse = z.object({ recalibrations: z.array(RecalibrationJson) });

export type IntervalJson = z.infer<typeof IntervalJson>;
export type ErrorRateJson = z.infer<typeof ErrorRateJson>;
export type ReliabilityBinJson = z.infer<typeof ReliabilityBinJson>;
export type FlagQualityJson = z.infer<typeof FlagQualityJson>;
export type FieldMeasuresJson = z.infer<typeof FieldMeasuresJson>;
export type QualityTrendPointJson = z.infer<typeof QualityTrendPointJson>;
export type CorrectionCountJson = z.infer<typeof CorrectionCountJson>;
export type QualitySliceJson = z.infer<typeof QualitySliceJson>;
export type DisparityJson = z.infer<typeof DisparityJson>;
export type QualitySliceGroupJson = z.infer<typeof QualitySliceGroupJson>;
export type QualityAlertStateJson = z.infer<typeof QualityAlertStateJson>;
export type RecalibrationJson = z.infer<typeof RecalibrationJson>;
/** {@link ModelQualityJson} as it is on the wire. */
export type ModelQualityJson = z.infer<typeof ModelQualityJson>;
export type QualityProblemJson = z.infer<typeof QualityProblemJson>;
/** {@link QualityResponse} as it is on the wire. */
export type QualityResponse = z.infer<typeof QualityResponse>;
export type QualityAlertJson = z.infer<typeof QualityAlertJson>;
export type QualityAlertsResponse = z.infer<typeof QualityAlertsResponse>;
export type VerifiedSpanJson = z.infer<typeof VerifiedSpanJson>;
export type CreateVerifiedSpanBody = z.infer<typeof CreateVerifiedSpanBody>;
export type VerifiedSpansResponse = z.infer<typeof VerifiedSpansResponse>;
export type RecordingAttributesJson = z.infer<typeof RecordingAttributesJson>;
export type MediaAttributesBody = z.infer<typeof MediaAttributesBody>;
export type SpeakerAttributesBody = z.infer<typeof SpeakerAttributesBody>;
export type CreateRecalibrationBody = z.infer<typeof CreateRecalibrationBody>;
export type RecalibrationsResponse = z.infer<typeof RecalibrationsResponse>;
export type QualitySettingsJson = z.infer<typeof QualitySettingsJson>;
export type QualitySettingsPatchBody = z.infer<typeof QualitySettingsPatchBody>;
