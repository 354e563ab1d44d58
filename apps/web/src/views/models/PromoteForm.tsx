import type { ModelComparisonJson } from '@verbatim/core/api';
import { useEffect, useState } from 'react';
import { modelLabel, formatWhen } from './modelFormat.ts';
import { promoteBody } from './modelPayloads.ts';
import type { ModelsService } from './ModelsService.ts';
import { ReasonForm } from './ReasonForm.tsx';

/**
 * Promotes the candidate to default (the deployment's, or with `scope` a project's own): asks why and, when the open
 * project has finished comparisons, optionally gates the promotion on one with a WER margin. The server's refusal
 * (409 promotion-refused, with its figures) shows in the form.
 */
export function PromoteForm({ service, projectId, scope, onDone }: { service: ModelsService; projectId: string | undefined; scope?: string; onDone: () => void }) {
  const [comparisons, setComparisons] = useState<ModelComparisonJson[]>([]);
  const [comparisonId, setComparisonId] = useState('');
  const [margin, setMargin] = useState('');

  useEffect(() => {
    if (!projectId) return;
    const abort = new AbortController();
    service.comparisons(projectId, abort.signal).then(
      (list) => setComparisons(list.filter((c) => c.state === 'succeeded')),
      () => {},
    );
    return () => abort.abort();
  }, [service, projectId]);

  return (
    <ReasonForm
      label="Promote the candidate to default"
      confirmLabel="Promote"
      testId="model-promote-form"
      run={(reason) => service.promote(promoteBody({ reason, comparisonId, margin, ...(scope && { projectId: scope }) }))}
      onDone={onDone}
    >
      {comparisons.length > 0 && (
        <>
          <label>
            Only if this comparison shows it is no worse
            <select data-testid="model-promote-comparison" value={comparisonId} onChange={(e) => setComparisonId(e.target.value)}>
              <option value="">No gate</option>
              {comparisons.map((c) => (
                <option key={c.id} value={c.id}>
                  {modelLabel(c.candidate)} on {c.transcripts} transcripts, {formatWhen(c.finishedAt ?? c.createdAt)}
                </option>
              ))}
            </select>
          </label>
          {comparisonId !== '' && (
            <label>
              Allowed WER increase (percentage points)
              <input data-testid="model-promote-margin" inputMode="decimal" placeholder="0" value={margin} onChange={(e) => setMargin(e.target.value)} />
            </label>
          )}
        </>
      )}
    </ReasonForm>
  );
}
