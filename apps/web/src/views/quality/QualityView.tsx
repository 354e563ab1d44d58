import { useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import type { ModelQualityJson } from '../../shell/ApiJson.ts';

/**
 * How each model version fares in the project (GET /api/projects/:id/quality): words reviewed, accepted and
 * corrected by reviewers, and the correction rate among their decisions.
 */
export function QualityView({ projectId }: { projectId: string }) {
  const { api } = useWorkbench();
  const [models, setModels] = useState<ModelQualityJson[]>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    api
      .get<{ models: ModelQualityJson[] }>(`/api/projects/${projectId}/quality`, abort.signal)
      .then((answer) => {
        setModels(answer.models);
        setError(undefined);
      })
      .catch((err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)));
    return () => abort.abort();
  }, [api, projectId, version]);

  return (
    <div className="quality-view" data-testid="quality-view">
      <p className="hint">
        Computed from reviewers' decisions: every accepted or corrected flagged word counts; the correction rate is corrected ÷ (accepted +
        corrected).
      </p>
      <button type="button" className="link-button" onClick={() => setVersion((v) => v + 1)}>
        Refresh
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!models && !error && <p className="empty">Loading…</p>}
      {models?.length === 0 && <p className="empty">No transcripts yet.</p>}
      {models && models.length > 0 && (
        // one column per model version: a side bar has room for a few versions, not for six metric columns
        <table className="quality-table">
          <thead>
            <tr>
              <td />
              {models.map((m) => (
                <th key={keyOf(m)} scope="col" data-testid="quality-model" data-model-id={m.modelId} data-model-version={m.modelVersion}>
                  {m.modelId}
                  <br />
                  <span className="dim">{m.modelVersion}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([label, read]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {models.map((m) => (
                  <td key={keyOf(m)}>{read(m)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const ROWS: [string, (m: ModelQualityJson) => string][] = [
  ['Transcripts', (m) => m.transcripts.toLocaleString()],
  ['Words', (m) => m.words.toLocaleString()],
  ['Reviewed', (m) => m.reviewed.toLocaleString()],
  ['Accepted', (m) => m.accepted.toLocaleString()],
  ['Corrected', (m) => m.corrected.toLocaleString()],
  ['Correction rate', (m) => (m.correctionRate === null ? '–' : `${(m.correctionRate * 100).toFixed(1)}%`)],
];

function keyOf(m: ModelQualityJson): string {
  return `${m.modelId}@${m.modelVersion}`;
}
