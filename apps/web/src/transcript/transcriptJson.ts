import type { ProjectRole } from '../platform/WorkbenchContext.tsx';

/** `GET /api/transcripts/:id` (its `turns` are not used: the editor reads the live document). */
export interface TranscriptRecordJson {
  id: string;
  projectId: string;
  mediaId: string;
  model: { id: string; version: string; sha256: string };
  plugins: Array<{ id: string; version: string }>;
  createdAt: number;
  documentUrl: string;
  exportUrl: string;
}

/** `GET /api/projects/:id`, with the review threshold (default 0.6 when the server does not send one). */
export interface ProjectRecordJson {
  id: string;
  name: string;
  role: ProjectRole;
  reviewThreshold?: number;
}

/** `GET /api/media/:id` (the fields the editor uses). */
export interface MediaRecordJson {
  id: string;
  name: string;
  durationSeconds: number;
  audioUrl: string;
  peaksUrl: string | null;
}

/** One change a plugin's post-processor made (`GET /api/transcripts/:id/plugin-changes`). */
export interface PluginChangeJson {
  pluginId: string;
  processorId: string;
  before: string;
  after: string;
}

/** An export format of `GET /api/transcripts/:id/export`. */
export type ExportFormat = 'srt' | 'vtt' | 'txt' | 'json' | 'docx';

/** Every export format, in the order a menu offers them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['srt', 'vtt', 'txt', 'json', 'docx'];
