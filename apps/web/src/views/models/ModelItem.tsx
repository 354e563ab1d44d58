import type { InstalledModelJson } from '@verbatim/core/api';
import { useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { ModelBadges } from './ModelBadges.tsx';
import { formatBytes, formatWhen } from './modelFormat.ts';
import type { ModelsService } from './ModelsService.ts';
import { ReasonForm } from './ReasonForm.tsx';

/**
 * One installed model version: what it is (layout, size, language, who installed it when and from where), its badges
 * and model card; for administrators, "Set as Candidate" (asks why) and "Remove" (asks to confirm; the server refuses
 * a model an alias or a job uses, and that refusal is shown here).
 */
export function ModelItem({ model, service, isAdmin }: { model: InstalledModelJson; service: ModelsService; isAdmin: boolean }) {
  const { notify, user } = useWorkbench();
  const [mode, setMode] = useState<'show' | 'candidate' | 'remove'>('show');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const isCandidate = model.aliases.includes('candidate');
  // a refusal (in use by an alias) is out of date once the aliases moved
  const aliases = model.aliases.join(',');
  useEffect(() => setError(undefined), [aliases]);

  const remove = async () => {
    setBusy(true);
    try {
      await service.remove(model.ref);
      notify('info', `Removed ${model.ref}.`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setMode('show');
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="model-item" data-testid="model-item" data-model-ref={model.ref} data-calibrated={model.calibrated}>
      <div className="model-header">
        <span className="model-name">{model.id}</span>
        <span className="model-version">@{model.version}</span>
      </div>
      <ModelBadges model={model} />
      <div className="model-meta dim">
        {model.layout} · {formatBytes(model.sizeBytes)}
        {model.language && ` · ${model.language}`} · installed {formatWhen(model.installedAt)}
        {model.installedBy && ` by ${model.installedBy === user.id ? 'you' : model.installedBy}`}
      </div>
      <div className="model-meta dim model-source" title={`${model.source}\npackage sha256 ${model.sha256}`}>
        from {model.source}
      </div>
      {model.lineage.parent && (
        <div className="model-meta dim">
          fine-tuned from {model.lineage.parent.id}@{model.lineage.parent.version}
        </div>
      )}
      {model.card && (
        <details className="model-card">
          <summary>Model card</summary>
          <pre data-testid="model-card">{model.card}</pre>
        </details>
      )}
      {isAdmin && mode === 'show' && (
        <div className="model-actions">
          {!isCandidate && (
            <button type="button" className="link-button" data-testid="model-set-candidate" onClick={() => (setError(undefined), setMode('candidate'))}>
              Set as Candidate
            </button>
          )}
          <button type="button" className="link-button" data-testid="model-remove" onClick={() => (setError(undefined), setMode('remove'))}>
            Remove
          </button>
        </div>
      )}
      {mode === 'candidate' && (
        <ReasonForm
          label={`Set ${model.ref} as the candidate`}
          confirmLabel="Set as Candidate"
          initialReason={`trial of ${model.ref}`}
          testId="model-candidate-form"
          run={(reason) => service.setAlias('candidate', model.ref, reason)}
          onDone={() => setMode('show')}
        />
      )}
      {mode === 'remove' && (
        <div className="model-actions" role="group" aria-label={`Remove ${model.ref}?`}>
          <span>Remove {model.ref} from the store?</span>
          <button type="button" className="danger" data-testid="model-remove-confirm" autoFocus disabled={busy} onClick={() => void remove()}>
            Remove
          </button>
          <button type="button" onClick={() => setMode('show')}>
            Keep
          </button>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="model-error">
          {error}
        </p>
      )}
    </li>
  );
}
