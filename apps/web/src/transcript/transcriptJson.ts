import type { MediaJson, PluginChangeJson as WirePluginChangeJson, ProjectJson, TranscriptJson } from '@verbatim/core/api';

// The records the editor reads, as @verbatim/core/api declares them for the server and the workbench alike.

/** `GET /api/transcripts/:id` (its `turns` are not used: the editor reads the live document). */
export type TranscriptRecordJson = TranscriptJson;

/** `GET /api/projects/:id`, with the review threshold. */
export type ProjectRecordJson = ProjectJson;

/** `GET /api/media/:id`. */
export type MediaRecordJson = MediaJson;

/** One change a plugin's post-processor made (`GET /api/transcripts/:id/plugin-changes`). */
export type PluginChangeJson = WirePluginChangeJson;

/** An export format of `GET /api/transcripts/:id/export`. */
export type ExportFormat = 'srt' | 'vtt' | 'txt' | 'json' | 'docx';

/** Every export format, in the order a menu offers them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['srt', 'vtt', 'txt', 'json', 'docx'];
