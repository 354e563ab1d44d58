import type { StatusItem } from '../platform/StatusBarService.ts';
import type { JobJson } from './ApiJson.ts';
import type { UploadItem } from './UploadService.ts';

/**
 * The status bar's `jobs` item: files uploading, and transcriptions queued or running, counted from the followed jobs
 * and the upload rows together (an upload's job is in the list as "Queued" before its stream has said anything), each
 * job once, with their mean progress.
 */
export function jobsStatusItem(uploads: readonly UploadItem[], jobs: readonly JobJson[]): StatusItem {
  const uploading = uploads.filter((u) => u.state === 'uploading').length;
  const followed = new Set(jobs.map((job) => job.id));
  const waiting = uploads.filter((u) => (u.state === 'queued' || u.state === 'running') && !(u.jobId !== undefined && followed.has(u.jobId)));
  const active = [...jobs.map((job) => ({ state: job.state, progress: job.progress, name: '' })), ...waiting.map((u) => ({ state: u.state, progress: u.progress, name: u.fileName }))];
  const parts: string[] = [];
  if (uploading > 0) parts.push(`↑ ${uploading} uploading`);
  if (active.length > 0) {
    const progress = active.reduce((sum, job) => sum + job.progress, 0) / active.length;
    parts.push(`⟳ ${active.length} job${active.length === 1 ? '' : 's'} ${Math.round(progress * 100)}%`);
  }
  return {
    id: 'jobs',
    text: parts.length > 0 ? parts.join(' · ') : '✓ No jobs',
    title: active.map((job) => `${job.name ? `${job.name}: ` : ''}${job.state} ${Math.round(job.progress * 100)}%`).join('\n') || 'No transcription is queued or running',
    alignment: 'left',
    priority: 90,
    command: 'view.explorer',
  };
}
