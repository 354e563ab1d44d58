import { ModelRefJson, SpeakersSettingJson } from '@verbatim/core/api';
import { JobError } from './JobError.ts';

/** The job kind the runner transcribes. */
export const TRANSCRIBE_JOB_KIND = 'transcribe';

/** The word-LM modes a job can ask for (the speech runtime's `LanguageModelMode`). */
export const LM_MODES = ['off', 'base', 'adapted'] as const;

/** The payload of a `transcribe` job: which uploaded file to transcribe, with which model and word LM. */
export interface TranscribeJobPayload {
  mediaId: string;
  /** Absent: the runtime's default (`adapted` when the model has an LM). */
  lm?: (typeof LM_MODES)[number];
  /** An installed model, `id@version` or `id`; absent: the project's default alias, resolved when the job starts. */
  model?: string;
  /** Restore punctuation and capitals (absent: on, where the model has a punctuation model). From the project's settings. */
  punctuate?: boolean;
  /** Speaker diarization: `auto`, an expected number (1-16) or `off` (absent: `auto`). From the project's settings. */
  speakers?: 'auto' | 'off' | number;
}

/** The payload of a `transcribe` job, checked; throws {@link JobError} `invalid-payload`. */
export function readTranscribeJobPayload(payload: unknown): TranscribeJobPayload {
  const mediaId = (payload as { mediaId?: unknown } | null)?.mediaId;
  if (typeof mediaId !== 'string' || mediaId.length === 0 || mediaId.length > 200) {
    throw new JobError('invalid-payload', 'A transcription job needs a payload { mediaId } naming an uploaded file.');
  }
  const lm = (payload as { lm?: unknown }).lm;
  if (lm !== undefined && !(LM_MODES as readonly unknown[]).includes(lm)) {
    throw new JobError('invalid-payload', `A transcription job's lm must be one of ${LM_MODES.join(', ')}.`);
  }
  const model = (payload as { model?: unknown }).model;
  if (model !== undefined && !ModelRefJson.safeParse(model).success) {
    throw new JobError('invalid-payload', "A transcription job's model must be an installed model's <id> or <id>@<version>.");
  }
  const punctuate = (payload as { punctuate?: unknown }).punctuate;
  if (punctuate !== undefined && typeof punctuate !== 'boolean') {
    throw new JobError('invalid-payload', "A transcription job's punctuate must be true or false.");
  }
  const speakers = (payload as { speakers?: unknown }).speakers;
  if (speakers !== undefined && !SpeakersSettingJson.safeParse(speakers).success) {
    throw new JobError('invalid-payload', 'A transcription job\'s speakers must be "auto", "off" or a whole number from 1 to 16.');
  }
  return {
    mediaId,
    ...(lm === undefined ? {} : { lm: lm as TranscribeJobPayload['lm'] & string }),
    ...(model === undefined ? {} : { model: model as string }),
    ...(punctuate === undefined ? {} : { punctuate }),
    ...(speakers === undefined ? {} : { speakers: speakers as 'auto' | 'off' | number }),
  };
}
