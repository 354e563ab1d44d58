import type { ModelAliasJson } from '@verbatim/core/api';
import { useState } from 'react';
import { formatWhen, modelLabel } from './modelFormat.ts';
import type { ModelsService } from './ModelsService.ts';
import { PromoteForm } from './PromoteForm.tsx';
import { ReasonForm } from './ReasonForm.tsx';

/**
 * The deployment's aliases (default, candidate). Administrators promote the candidate and roll an alias back to
 * where it pointed before its last move.
 */
export function AliasesSection({
  service,
  aliases,
  projectId,
  isAdmin,
}: {
  service: ModelsService;
  aliases: readonly ModelAliasJson[];
  projectId: string | undefined;
  isAdmin: boolean;
}) {
  const [form, setForm] = useState<'promote' | 'rollback-default' | 'rollback-candidate'>();
  const byName = (list: readonly ModelAliasJson[], name: string) => list.find((a) => a.alias === name);
  const candidate = byName(aliases, 'candidate');

  return (
    <section className="model-section" aria-label="Aliases">
      <h3 className="model-section-title">Aliases</h3>
      <dl className="model-aliases" data-testid="model-aliases">
        {(['default', 'candidate'] as const).map((name) => {
          const alias = byName(aliases, name);
          return (
            <div key={name} className="model-alias" data-testid="model-alias" data-alias={name} data-model-ref={alias?.model ? modelLabel(alias.model) : ''}>
              <dt>{name}</dt>
              <dd title={alias?.updatedAt ? `since ${formatWhen(alias.updatedAt)}${alias.updatedBy ? ` (${alias.updatedBy})` : ''}` : undefined}>
                {alias?.model ? modelLabel(alias.model) : <span className="dim">not set</span>}
              </dd>
            </div>
          );
        })}
      </dl>
      {isAdmin && form === undefined && (
        <div className="model-actions">
          {candidate?.model && (
            <button type="button" data-testid="model-promote" onClick={() => setForm('promote')}>
              Promote Candidate…
            </button>
          )}
          <button type="button" data-testid="model-rollback-default" onClick={() => setForm('rollback-default')}>
            Roll Back Default…
          </button>
          {candidate?.model && (
            <button type="button" data-testid="model-rollback-candidate" onClick={() => setForm('rollback-candidate')}>
              Roll Back Candidate…
            </button>
          )}
        </div>
      )}
      {form === 'promote' && <PromoteForm service={service} projectId={projectId} onDone={() => setForm(undefined)} />}
      {(form === 'rollback-default' || form === 'rollback-candidate') && (
        <ReasonForm
          label={`Roll back the ${form === 'rollback-default' ? 'default' : 'candidate'} alias`}
          confirmLabel="Roll Back"
          danger
          testId="model-rollback-form"
          run={(reason) => service.rollback(form === 'rollback-default' ? 'default' : 'candidate', reason)}
          onDone={() => setForm(undefined)}
        />
      )}
    </section>
  );
}
