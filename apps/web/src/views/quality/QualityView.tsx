import type { ModelQualityJson } from '@verbatim/core/api';
import { useShell } from '../../shell/ShellContext.tsx';
import { formatPercent, formatScore } from './formatFigures.ts';
import { modelRef } from './modelRef.ts';
import { useQuality } from './useQuality.ts';
import './quality.css';

/**
 * How each model version fares in the project (GET /api/projects/:id/quality), in a column each: the field WER and
 * ECE on verified words, how many words are verified, and the reviewers' decisions; alerts above. The dashboard (an
 * editor tab) has the charts.
 */
export function QualityView({ projectId }: { projectId: string }) {
  const { layout, services } = useShell();
  const { quality, error, refresh } = useQuality(projectId);
  const models = quality?.models;

  return (
    <div className="quality-view" data-testid="quality-view">
      <div className="quality-view-actions">
        <button type="button" className="primary" data-testid="quality-open-dashboard" onClick={() => layout.openEditor({ kind: 'quality', projectId })}>
          Open Dashboard
        </button>
        {services.user.isAdmin ? (
          <button type="button" className="link-button" data-testid="quality-open-deployment" onClick={() => layout.openEditor({ kind: 'quality', projectId: null })}>
            All projects
          </button>
        ) : null}
        <button type="button" className="link-button" onClick={refresh}>
          Refresh
        </button>
      </div>
      <p className="hint">WER and ECE are measured on the words reviewers marked verified; accepted and corrected count their review decisions.</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {!models && !error && <p className="empty">Loading…</p>}
      {models?.length === 0 && <p className="empty">No transcripts yet.</p>}
      {models
        ?.filter((m) => m.alert.state === 'alert')
        .map((m) => (
          <p key={modelRef(m)} className="quality-alert" role="alert">
            ⚠ {m.modelId} {m.modelVersion}: {m.alert.reason}
          </p>
        ))}
      {models && models.length > 0 && (
        // one column per model version: a side bar has room for a few versions, not for many metric columns
        <table className="quality-table">
          <thead>
            <tr>
              <td />
              {models.map((m) => (
                <th key={modelRef(m)} scope="col" data-testid="quality-model" data-model-id={m.modelId} data-model-version={m.modelVersion}>
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
                  <td key={modelRef(m)}>{read(m)}</td>
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
  ['WER', (m) => (m.field.enough ? formatPercent(m.field.wer?.rate) : 'not enough data')],
  ['ECE', (m) => formatScore(m.field.ece)],
  ['Verified words', (m) => m.field.verifiedWords.toLocaleString()],
  ['Transcripts', (m) => m.transcripts.toLocaleString()],
  ['Words', (m) => m.words.toLocaleString()],
  ['Reviewed', (m) => m.reviewed.toLocaleString()],
  ['Accepted', (m) => m.accepted.toLocaleString()],
  ['Corrected', (m) => m.corrected.toLocaleString()],
  ['Correction rate', (m) => (m.correctionRate === null ? '–' : `${(m.correctionRate * 100).toFixed(1)}%`)],
];
