import { RetranscribeJobPayloadJson } from '@verbatim/core/api';
import { JobError } from '../../jobs/JobError.ts';

/** The job kind that transcribes a transcript's media again, keeping its human work. */
export const RETRANSCRIBE_JOB_KIND = 'retranscribe';

/** The payload of a `retranscribe` job, checked; throws {@link JobError} `invalid-payload`. */
export function readRetranscribeJobPayload(payload: unknown): RetranscribeJobPayloadJson {
  const parsed = RetranscribeJobPayloadJson.safeParse(payload);
  if (!parsed.success) {
    throw new JobError('invalid-payload', 'A retranscribe job needs a payload { transcriptId, model?, lm?, rerunId? } naming a transcript (and an installed model, an LM mode off|base|adapted).');
  }
  return parsed.data;
}
