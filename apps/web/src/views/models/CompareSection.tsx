import type { ModelComparisonJson } from '@verbatim/core/api';
import { type FormEvent, useEffect, useState } from 'react';
import { ComparisonTable } from './ComparisonTable.tsx';
import { formatWhen, modelLabel } from './modelFormat.ts';
import type { ModelsService } from './ModelsService.ts';
import { useJobsProgress } from './useJobsProgress.ts';

/**
 * "Compare on reviewed work": owners run an installed model on the media of the project's reviewed transcripts
 * (`POST /api/projects/:id/model-comparisons`, a background job followed live), and everyone reads the past
 * comparisons side by side with the models that made the transcripts.
 */
export function CompareSection({ service, projectId, canRun }: { service: ModelsService; projectId: string; canRun: boolean }) {
  const [comparisons, setComparisons] = useState<ModelComparisonJson[]>();
  const [model, setModel] = useState('');
  const [testSplit, setTestSplit] = useState(false);
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);

  useEffect(() => {
    const abort = new AbortController();
    service.comparisons(projectId, abort.signal).then(
      (list) => setComparisons([...list].sort((a, b) => b.createdAt - a.createdAt)),
      (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [service, projectId, version]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (model === '') return setError('Choose the model to compare.');
    try {
      const started = await service.compare(projectId, model, testSplit);
      setComparisons((list) => [started, ...(list ?? [])]);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="model-section" aria-label="Compare on reviewed work">
      <h3>Compare on reviewed work</h3>
      <p className="hint">
        Runs a model on the recordings reviewers checked and measures it, beside the models that made the transcripts, against the text people
        verified: the project's verified spans once it has any, else the whole text of the transcripts with reviews.
      </p>
      {canRun && (
        <form className="model-inline-form" data-testid="model-compare-form" onSubmit={submit}>
          <label>
            Model
            <select data-testid="model-compare-model" value={model} onChange={(e) => setModel(e.target.value)}>
              <option value="">Choose…</option>
              {service.models?.map((m) => (
                <option key={m.ref} value={m.ref}>
                  {m.ref}
                  {m.aliases.length ? ` (${m.aliases.join(', ')})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="model-checkbox" title="Measure only on the recordings the training export holds back from fine-tuning">
            <input type="checkbox" data-testid="model-compare-test-split" checked={testSplit} onChange={(e) => setTestSplit(e.target.checked)} />
            Only the training export's test split
          </label>
          <button type="submit" className="primary" data-testid="model-compare-submit">
            Compare
          </button>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="model-compare-error">
          {error}
        </p>
      )}
      {comparisons?.length === 0 && <p className="empty">No comparison yet.</p>}
      <ul className="model-list">
        {comparisons?.map((c, i) => (
          <ComparisonItem key={c.id} comparison={c} open={i === 0} onFinished={reload} />
        ))}
      </ul>
    </section>
  );
}

function ComparisonItem({ comparison: c, open, onFinished }: { comparison: ModelComparisonJson; open: boolean; onFinished: () => void }) {
  const running = c.state === 'queued' || c.state === 'running';
  // a finished comparison's job too: a failed one says why
  const progress = useJobsProgress([c.jobId], running ? onFinished : undefined);
  return (
    <li className="model-item" data-testid="model-comparison" data-state={c.state} data-comparison-id={c.id}>
      <details open={open}>
        <summary>
          {modelLabel(c.candidate)} · {c.state}
          {running && ` ${Math.round(progress.progress * 100)}%`} · {c.transcripts} transcript{c.transcripts === 1 ? '' : 's'}
          {c.basis === 'verified-spans' ? ', verified spans' : c.basis === 'reviews' ? ', reviewed text' : ''}
          {c.split === 'test' ? ', test split' : ''} · {formatWhen(c.createdAt)}
        </summary>
        {running && (
          <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress.progress * 100)}>
            <div className="progress-fill" style={{ width: `${progress.progress * 100}%` }} />
          </div>
        )}
        {c.state === 'succeeded' && <ComparisonTable comparison={c} />}
        {c.state === 'failed' && (
          <p className="form-error" data-testid="model-comparison-error">
            {progress.errors[0] ?? 'The comparison failed.'}
          </p>
        )}
      </details>
    </li>
  );
}
