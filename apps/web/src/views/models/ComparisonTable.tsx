import type { ModelComparisonJson } from '@verbatim/core/api';
import { COMPARISON_METRICS, orderRows } from './comparisonMetrics.ts';
import { modelLabel } from './modelFormat.ts';

/** A finished comparison side by side: one column per model (the current transcripts, the candidate), one row per figure. */
export function ComparisonTable({ comparison }: { comparison: ModelComparisonJson }) {
  const rows = orderRows(comparison.rows);
  if (rows.length === 0) return <p className="empty">No figures yet.</p>;
  return (
    <div className="model-table-scroll">
      <table className="model-table model-comparison-table" data-testid="model-comparison-table">
        <thead>
          <tr>
            <td />
            {rows.map((row) => (
              <th key={row.role} scope="col" data-role={row.role}>
                {row.role === 'current' ? 'Current transcripts' : 'Candidate'}
                <br />
                <span className="dim">{row.model ? modelLabel(row.model) : 'several models'}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {COMPARISON_METRICS.map(({ label, read, title }) => (
            <tr key={label}>
              <th scope="row" title={title}>
                {label}
              </th>
              {rows.map((row) => (
                <td key={row.role} data-role={row.role} data-metric={label}>
                  {read(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
