import type { RerunJson } from '@verbatim/core/api';
import { type FormEvent, useEffect, useState } from 'react';
import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { formatWhen, modelLabel } from './modelFormat.ts';
import { rerunBody } from './modelPayloads.ts';
import type { ModelsService } from './ModelsService.ts';
import { useJobsProgress } from './useJobsProgress.ts';

/**
 * "Re-run transcripts made by…": owners pick a model version and a date, and every transcript of the project that
 * version made since then is transcribed again with the project's default (or the model chosen), as a queued batch
 * with progress. Each keeps its previous text as a revision, and words people edited or reviewed are carried over.
 */
export function RerunSection({ service, projectId, canRun }: { service: ModelsService; projectId: string; canRun: boolean }) {
  const { projects } = useShell();
  useRerenderOn(projects.onDidChange);
  const [reruns, setReruns] = useState<RerunJson[]>();
  const [from, setFrom] = useState('');
  const [since, setSince] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    const abort = new AbortController();
    service.reruns(projectId, abort.signal).then(
      (list) => setReruns([...list].sort((a, b) => b.createdAt - a.createdAt)),
      (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [service, projectId]);

  // the versions that made the project's transcripts, and the installed ones
  const makers = new Set<string>();
  for (const t of projects.contents(projectId)?.transcripts ?? []) makers.add(modelLabel(t.model));
  for (const m of service.models ?? []) makers.add(m.ref);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const started = await service.rerun(projectId, rerunBody(from, since, target || undefined));
      setReruns((list) => [started, ...(list ?? [])]);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="model-section" aria-label="Re-run transcripts">
      <h3>Re-run transcripts made by a model version</h3>
      {canRun && (
        <form className="model-inline-form" data-testid="model-rerun-form" onSubmit={submit}>
          <label>
            Made by
            <select data-testid="model-rerun-from" value={from} onChange={(e) => setFrom(e.target.value)}>
              <option value="">Choose…</option>
              {[...makers].sort().map((ref) => (
                <option key={ref} value={ref}>
                  {ref}
                </option>
              ))}
            </select>
          </label>
          <label>
            Since
            <input type="date" data-testid="model-rerun-since" value={since} onChange={(e) => setSince(e.target.value)} />
          </label>
          <label>
            With
            <select data-testid="model-rerun-model" value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="">The project's default</option>
              {service.models?.map((m) => (
                <option key={m.ref} value={m.ref}>
                  {m.ref}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" data-testid="model-rerun-submit">
            Re-run
          </button>
        </form>
      )}
      <p className="hint">Each transcript keeps its previous text as a revision; words people edited or reviewed are carried into the new one by their timing.</p>
      {error && (
        <p className="form-error" role="alert" data-testid="model-rerun-error">
          {error}
        </p>
      )}
      {reruns?.length === 0 && <p className="empty">No re-run yet.</p>}
      <ul className="model-list">
        {reruns?.map((r) => (
          <RerunItem key={r.id} rerun={r} />
        ))}
      </ul>
    </section>
  );
}

function RerunItem({ rerun }: { rerun: RerunJson }) {
  const progress = useJobsProgress(rerun.jobIds, undefined, rerun.projectId);
  const done = progress.finished === progress.total;
  return (
    <li className="model-item" data-testid="model-rerun" data-rerun-id={rerun.id}>
      <div>
        {modelLabel(rerun.fromModel)} → {modelLabel(rerun.model)} · {rerun.jobIds.length} transcript{rerun.jobIds.length === 1 ? '' : 's'} · {formatWhen(rerun.createdAt)}
      </div>
      <div className="dim" data-testid="model-rerun-progress" title={progress.errors.join('\n') || undefined}>
        {done ? `done${progress.failed ? `, ${progress.failed} failed` : ''}` : `${progress.finished} of ${progress.total} done · ${Math.round(progress.progress * 100)}%`}
      </div>
      {!done && (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress.progress * 100)}>
          <div className="progress-fill" style={{ width: `${progress.progress * 100}%` }} />
        </div>
      )}
    </li>
  );
}
