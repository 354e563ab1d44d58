import type * as Y from 'yjs';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import type { TrainingAttributesJson, TrainingDropReasonJson, TrainingSplitJson } from '@verbatim/core/api';
import { readTranscriptTurns } from '@verbatim/core/document';
import type { MediaStore } from '../media/MediaStore.ts';
import { SliceAttributeStore } from '../quality/SliceAttributeStore.ts';
import { VerifiedSpanStore } from '../quality/VerifiedSpanStore.ts';
import type { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import type { Alphabet } from './Alphabet.ts';
import { type PlannedDrop, type PlannedSegment, planSegments } from './planSegments.ts';
import { splitOf } from './splitOf.ts';

/** One recording's part of an export. */
export interface RecordingPlan {
  readonly transcriptId: string;
  readonly mediaId: string;
  readonly split: TrainingSplitJson;
  /** `<id>@<version>` of the model that made the transcript. */
  readonly model: string;
  /** The recording's blob, or null when it is gone (its segments are then reported as `audio-gone`). */
  readonly blobPath: string | null;
  readonly recordingAttributes: Readonly<Record<string, string>>;
  readonly speakerAttributes: (speaker: string) => TrainingAttributesJson['speaker'];
  readonly segments: readonly PlannedSegment[];
  readonly dropped: readonly PlannedDrop[];
}

/** What an export will write, recording by recording (nothing decoded yet). */
export interface TrainingExportPlan {
  readonly recordings: readonly RecordingPlan[];
  /** Segments that will be cut (those of recordings whose audio is there). */
  readonly segments: number;
  readonly seconds: number;
}

/** Where a plan reads from. */
export interface PlanSources {
  readonly db: SqlDatabase;
  readonly transcripts: TranscriptStore;
  readonly media: MediaStore;
  readonly liveDocument?: ((transcriptId: string) => Y.Doc | undefined) | undefined;
}

/**
 * Plans a project's training export: every transcript with standing verified spans (oldest first), its current
 * document's turns (the open collaboration room's when there is one) cut by {@link planSegments}, the recording's
 * side of the split and slice attributes. Reads the database only.
 */
export function planTrainingExport(
  sources: PlanSources,
  projectId: string,
  options: { minSeconds: number; maxSeconds: number; alphabet: Alphabet },
): TrainingExportPlan {
  const { db, transcripts, media } = sources;
  const ids = db
    .prepare<[string], { id: string }>(
      `SELECT t.id FROM transcripts AS t
       WHERE t.project_id = ? AND EXISTS (SELECT 1 FROM verified_spans AS s WHERE s.transcript_id = t.id AND s.removed_at IS NULL)
       ORDER BY t.created_at, t.id`,
    )
    .all(projectId);
  const spans = new VerifiedSpanStore(db);
  const attributes = new SliceAttributeStore(db);
  const recordingAttributes = attributes.mediaOf(projectId);
  const speakers = attributes.speakersOf(projectId);
  const documents = new DocumentStore(db);
  const recordings: RecordingPlan[] = [];
  let segments = 0;
  let seconds = 0;
  for (const { id } of ids) {
    const record = transcripts.get(id);
    const mediaRecord = record === undefined ? undefined : media.get(record.mediaId);
    if (record === undefined || mediaRecord === undefined) continue;
    const live = sources.liveDocument?.(id);
    const doc = live ?? documents.load(id);
    let turns;
    try {
      turns = readTranscriptTurns(doc);
    } finally {
      if (live === undefined) doc.destroy();
    }
    const planned = planSegments(turns, spans.list(id), { ...options, recordingSeconds: mediaRecord.durationSeconds });
    const present = media.hasBlob(mediaRecord.sha256);
    const gone: PlannedDrop[] = present
      ? []
      : planned.segments.map((s) => ({ reason: 'audio-gone' as TrainingDropReasonJson, startMs: s.startMs, endMs: s.endMs, text: s.words.join(' '), detail: `the recording "${mediaRecord.originalName}" has no audio on the server any more` }));
    recordings.push({
      transcriptId: id,
      mediaId: record.mediaId,
      split: splitOf(projectId, record.mediaId),
      model: `${record.model.id}@${record.model.version}`,
      blobPath: present ? media.blobPath(mediaRecord.sha256) : null,
      recordingAttributes: recordingAttributes.get(record.mediaId) ?? {},
      speakerAttributes: (speaker) => speakers.get(speaker) ?? {},
      segments: present ? planned.segments : [],
      dropped: [...planned.dropped, ...gone],
    });
    if (present) {
      segments += planned.segments.length;
      seconds += planned.segments.reduce((sum, s) => sum + (s.endMs - s.startMs) / 1000, 0);
    }
  }
  return { recordings, segments, seconds };
}
