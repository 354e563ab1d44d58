import type { ExportFormat } from './transcriptJson.ts';

/** Starts the browser download of a transcript export (the session cookie authenticates the GET). */
export function downloadExport(transcriptId: string, format: ExportFormat): void {
  const link = document.createElement('a');
  link.href = `/api/transcripts/${encodeURIComponent(transcriptId)}/export?format=${format}`;
  link.download = '';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
