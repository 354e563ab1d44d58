import { z } from 'zod';
import { ModelIdentityJson } from './ModelJson.ts';

// A project's verified speech exported as training data (`GET /api/projects/:id/training-export`): a tar holding, at
// its root, `train.jsonl`, `dev.jsonl`, `test.jsonl` (one TrainingManifestLineJson a line), the audio they point at
// (`audio/<mediaId>/<n>.wav`, 16 kHz mono 16-bit PCM), `report.json` (TrainingExportReportJson: what was left out and
// why) and `export.json` (TrainingExportInfoJson). The recipe's fine-tuning reads exactly this.

/** The three sides of the split; a recording is on one side only. */
export const TrainingSplitJson = z.enum(['train', 'dev', 'test']);

/** The slice attributes of a segment's recording and of its speaker (issue 14's free-form strings). */
export const TrainingAttributesJson = z.object({
  recording: z.record(z.string(), z.string()),
  speaker: z.record(z.string(), z.string()),
});

/** One line of `train.jsonl` / `dev.jsonl` / `test.jsonl`: NeMo's manifest fields, and where the segment came from. */
export const TrainingManifestLineJson = z.object({
  audio_filepath: z.string().describe('Relative to the export root: "audio/<mediaId>/<n>.wav" (16 kHz mono 16-bit PCM).'),
  duration: z.number().describe('Seconds of audio in the file (its sample count / 16000).'),
  text: z.string().describe("The verified words, normalised to the model's alphabet (lower case, no punctuation, single spaces)."),
  speaker: z.string().describe("The turn's speaker label ('' when none)."),
  attributes: TrainingAttributesJson,
  transcript_id: z.uuid(),
  media_id: z.uuid(),
  model: z.string().describe('"<id>@<version>" of the model that made the original transcript.'),
  offset_ms: z.int().describe('Where the segment starts in the recording, in milliseconds.'),
});

/** Why a stretch of verified speech was left out of an export. */
export const TrainingDropReasonJson = z.enum([
  'out-of-alphabet',
  'too-long',
  'too-short',
  'unverified-words',
  'overlapping-speech',
  'empty-text',
  'audio-gone',
  'audio-unreadable',
]);

/** One example of a dropped stretch. */
export const TrainingDropExampleJson = z.object({
  transcript_id: z.uuid(),
  media_id: z.uuid(),
  offset_ms: z.int(),
  duration: z.number().describe('Seconds.'),
  text: z.string().describe('The verified words as written (before normalisation); empty for a whole recording.'),
  detail: z.string().describe('What exactly: the characters outside the alphabet, the length, the unverified words, the error.'),
});

/** `report.json`: what went in and what was left out, per reason (counts, seconds, the first examples). */
export const TrainingExportReportJson = z.object({
  kept: z.object({ segments: z.int(), seconds: z.number() }),
  dropped: z.record(
    TrainingDropReasonJson,
    z.object({ count: z.int(), seconds: z.number(), examples: z.array(TrainingDropExampleJson).describe('At most 20.') }),
  ),
});

/** Counts of one side of the split. */
export const TrainingSplitCountsJson = z.object({
  segments: z.int(),
  seconds: z.number(),
  recordings: z.int(),
  manifestSha256: z.string().describe("sha256 (hex) of the side's manifest file as it is in the tar."),
});

/** `export.json`: what the export is, who made it, how. */
export const TrainingExportInfoJson = z.object({
  format: z.literal('verbatim-training-export'),
  formatVersion: z.literal(1),
  exportId: z.uuid(),
  project: z.object({ id: z.uuid(), name: z.string() }),
  exportedBy: z.object({ id: z.string(), name: z.string() }),
  exportedAt: z.int().describe('Milliseconds since the epoch.'),
  alphabet: z.object({
    characters: z.string().describe('The characters a text may hold besides the space, sorted.'),
    model: ModelIdentityJson.describe("The model whose tokens gave the alphabet: the project's default at export time."),
  }),
  normalisation: z.string().describe('How the text was normalised, in words.'),
  segmentSeconds: z.object({ min: z.number(), max: z.number() }),
  split: z.object({
    rule: z.string().describe('How a recording is given its side, in words.'),
    train: z.number(),
    dev: z.number(),
    test: z.number(),
  }),
  splits: z.object({ train: TrainingSplitCountsJson, dev: TrainingSplitCountsJson, test: TrainingSplitCountsJson }),
});

/** One recorded export (`GET /api/projects/:id/training-exports`). */
export const TrainingExportRecordJson = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  createdBy: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.int(),
  state: z.enum(['streaming', 'complete', 'incomplete']).describe('incomplete: the download stopped before the end.'),
  segments: z.int().describe('Segments exported (planned while streaming).'),
  seconds: z.number(),
  recordings: z.int(),
  dropped: z.int().describe('Stretches left out (report.json says why).'),
  finishedAt: z.int().nullable(),
});

/** {@link TrainingSplitJson} as it is on the wire. */
export type TrainingSplitJson = z.infer<typeof TrainingSplitJson>;
/** {@link TrainingAttributesJson} as it is on the wire. */
export type TrainingAttributesJson = z.infer<typeof TrainingAttributesJson>;
/** {@link TrainingManifestLineJson} as it is on the wire. */
export type TrainingManifestLineJson = z.infer<typeof TrainingManifestLineJson>;
/** {@link TrainingDropReasonJson} as it is on the wire. */
export type TrainingDropReasonJson = z.infer<typeof TrainingDropReasonJson>;
/** {@link TrainingDropExampleJson} as it is on the wire. */
export type TrainingDropExampleJson = z.infer<typeof TrainingDropExampleJson>;
/** {@link TrainingExportReportJson} as it is on the wire. */
export type TrainingExportReportJson = z.infer<typeof TrainingExportReportJson>;
/** {@link TrainingSplitCountsJson} as it is on the wire. */
export type TrainingSplitCountsJson = z.infer<typeof TrainingSplitCountsJson>;
/** {@link TrainingExportInfoJson} as it is on the wire. */
export type TrainingExportInfoJson = z.infer<typeof TrainingExportInfoJson>;
/** {@link TrainingExportRecordJson} as it is on the wire. */
export type TrainingExportRecordJson = z.infer<typeof TrainingExportRecordJson>;
