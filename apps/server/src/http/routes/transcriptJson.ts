import type { TranscriptRecord } from '../../transcripts/TranscriptStore.ts';

/** A transcript's record as the API shows it, with the URLs that read it. */
export interface TranscriptJson {
  id: string;
  projectId: string;
  mediaId: string;
  model: { id: string; version: string; sha256: string };
  createdAt: number;
  /** The y-websocket room of its document. */
  documentUrl: string;
  exportUrl: string;
}

/** {@link TranscriptJson} of a record. */
export function toTranscriptJson(record: TranscriptRecord): TranscriptJson {
  return {
    id: record.id,
    projectId: record.projectId,
    mediaId: record.mediaId,
    model: { ...record.model },
    createdAt: record.createdAt,
    documentUrl: `/yjs/${record.id}`,
    exportUrl: `/api/transcripts/${record.id}/export`,
  };
}
