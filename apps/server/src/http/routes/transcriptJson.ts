import type { TranscriptRecord } from '../../transcripts/TranscriptStore.ts';

/** A transcript's record as the API shows it, with the URLs that read it. */
export interface TranscriptJson {
  id: string;
  projectId: string;
  mediaId: string;
  model: { id: string; version: string; sha256: string };
  /** The plugins that touched it (vocabulary or post-processor), in the order they ran. */
  plugins: { id: string; version: string }[];
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
    plugins: record.plugins.map((p) => ({ id: p.id, version: p.version })),
    createdAt: record.createdAt,
    documentUrl: `/yjs/${record.id}`,
    exportUrl: `/api/transcripts/${record.id}/export`,
  };
}
