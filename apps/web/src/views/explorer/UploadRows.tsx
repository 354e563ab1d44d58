import type { UploadItem } from '../../shell/UploadService.ts';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';

const STATE_TEXT: Record<UploadItem['state'], string> = {
  uploading: 'Uploading',
  queued: 'Queued',
  running: 'Transcribing',
  succeeded: 'Done',
  failed: 'Failed',
};

/** A project's uploads: one row per file with its progress, its job's state live, its error, and a link when done. */
export function UploadRows({ projectId }: { projectId: string }) {
  const { uploads, services } = useShell();
  useRerenderOn(uploads.onDidChange);
  const items = uploads.items(projectId);
  if (items.length === 0) return null;
  const finished = items.some((i) => i.state === 'succeeded' || i.state === 'failed');
  return (
    <div className="uploads" aria-label="Uploads">
      <div className="uploads-header">
        <span>Uploads</span>
        {finished && (
          <button type="button" className="link-button" onClick={() => uploads.clearFinished(projectId)}>
            Clear finished
          </button>
        )}
      </div>
      <ul className="upload-list">
        {items.map((item) => {
          const percent = Math.round(item.progress * 100);
          return (
            <li key={item.id} className={`upload-row ${item.state}`} data-testid="upload-row" data-state={item.state} title={item.fileName}>
              <div className="upload-line">
                <span className="upload-name">{item.fileName}</span>
                <span className="upload-state">
                  {STATE_TEXT[item.state]}
                  {(item.state === 'uploading' || item.state === 'running') && ` ${percent}%`}
                </span>
              </div>
              {item.state !== 'succeeded' && item.state !== 'failed' && (
                <div className="progress" role="progressbar" aria-label={`${item.fileName}: ${STATE_TEXT[item.state]}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
                  <div className="progress-fill" style={{ width: `${percent}%` }} />
                </div>
              )}
              {item.error && (
                <p className="upload-error" role="alert">
                  {item.error}
                </p>
              )}
              {item.transcriptId && (
                <button type="button" className="link-button" onClick={() => services.openTranscript(item.transcriptId!)}>
                  Open transcript
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
