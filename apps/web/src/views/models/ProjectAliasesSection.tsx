import type { ModelAliasJson } from '@verbatim/core/api';
import { useState } from 'react';
import { useShell } from '../../shell/ShellContext.tsx';
import { modelLabel } from './modelFormat.ts';
import type { ModelsService } from './ModelsService.ts';
import { PromoteForm } from './PromoteForm.tsx';
import { ReasonForm } from './ReasonForm.tsx';

/**
 * The aliases in effect for the open project (`GET /api/projects/:id/model-aliases`): its own override, or the
 * deployment's. The project's owners point them at a model (or back at the deployment's), promote the project's
 * candidate and roll the project's default back; everyone reads the project's alias history.
 */
export function ProjectAliasesSection({
  service,
  aliases,
  projectId,
  projectName,
  isOwner,
}: {
  service: ModelsService;
  aliases: readonly ModelAliasJson[];
  projectId: string;
  projectName: string | undefined;
  isOwner: boolean;
}) {
  const { layout } = useShell();
  const [form, setForm] = useState<'set' | 'promote' | 'rollback'>();
  const own = (name: string) => aliases.find((a) => a.alias === name && a.projectId !== null);

  return (
    <section className="model-section" aria-label={`Aliases in ${projectName ?? 'the project'}`}>
      <h3 className="model-section-title">In {projectName ?? 'this project'}</h3>
      <dl className="model-aliases" data-testid="model-project-aliases">
        {(['default', 'candidate'] as const).map((name) => {
          const alias = aliases.find((a) => a.alias === name);
          return (
            <div key={name} className="model-alias" data-testid="model-project-alias" data-alias={name} data-model-ref={alias?.model ? modelLabel(alias.model) : ''} data-own={alias?.projectId ? 'true' : 'false'}>
              <dt>{name}</dt>
              <dd>
                {alias?.model ? modelLabel(alias.model) : <span className="dim">not set</span>}
                {alias?.projectId ? <span className="dim"> (this project's own)</span> : null}
              </dd>
            </div>
          );
        })}
      </dl>
      {form === undefined && (
        <div className="model-actions">
          {isOwner && (
            <button type="button" data-testid="model-project-set" onClick={() => setForm('set')}>
              Set for This Project…
            </button>
          )}
          {isOwner && own('candidate')?.model && (
            <button type="button" data-testid="model-project-promote" onClick={() => setForm('promote')}>
              Promote Here…
            </button>
          )}
          {isOwner && own('default') && (
            <button type="button" data-testid="model-project-rollback" onClick={() => setForm('rollback')}>
              Roll Back Here…
            </button>
          )}
          <button type="button" className="link-button" data-testid="model-project-history" onClick={() => layout.openEditor({ kind: 'model-history', projectId })}>
            Project Alias History
          </button>
        </div>
      )}
      {form === 'set' && <SetProjectAliasForm service={service} projectId={projectId} onDone={() => setForm(undefined)} />}
      {form === 'promote' && <PromoteForm service={service} projectId={projectId} scope={projectId} onDone={() => setForm(undefined)} />}
      {form === 'rollback' && (
        <ReasonForm
          label="Roll back this project's default"
          confirmLabel="Roll Back"
          danger
          testId="model-project-rollback-form"
          run={(reason) => service.rollback('default', reason, projectId)}
          onDone={() => setForm(undefined)}
        />
      )}
    </section>
  );
}

function SetProjectAliasForm({ service, projectId, onDone }: { service: ModelsService; projectId: string; onDone: () => void }) {
  const [alias, setAlias] = useState<'default' | 'candidate'>('default');
  const [model, setModel] = useState('');
  return (
    <ReasonForm
      label="Point one of this project's aliases at a model"
      confirmLabel="Set"
      testId="model-project-set-form"
      run={(reason) => service.setAlias(alias, model === '' ? null : model, reason, projectId)}
      onDone={onDone}
    >
      <label>
        Alias
        <select data-testid="model-project-set-alias" value={alias} onChange={(e) => setAlias(e.target.value as 'default' | 'candidate')}>
          <option value="default">default</option>
          <option value="candidate">candidate</option>
        </select>
      </label>
      <label>
        Model
        <select data-testid="model-project-set-model" value={model} onChange={(e) => setModel(e.target.value)}>
          <option value="">The deployment's (no override)</option>
          {service.models?.map((m) => (
            <option key={m.ref} value={m.ref}>
              {m.ref}
            </option>
          ))}
        </select>
      </label>
    </ReasonForm>
  );
}
