import type { ModelInstallJson } from '@verbatim/core/api';
import { type FormEvent, useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { formatBytes } from './modelFormat.ts';
import { installBody, installFraction, isInstallFinished } from './modelPayloads.ts';
import type { ModelsService } from './ModelsService.ts';

/** How often a running install is read again (`GET /api/models/installs/:id`). */
const POLL_MS = 500;

/**
 * Installs a model package from a URL (administrators): the expected sha256 beside it, optionally the id and version
 * to give it; then the download's progress, polled, with Cancel. A failed install says what the server said (the file
 * and the problem) and leaves the store as it was.
 */
export function InstallModelForm({ service }: { service: ModelsService }) {
  const { notify } = useWorkbench();
  const [fields, setFields] = useState({ url: '', sha256: '', id: '', version: '' });
  const [install, setInstall] = useState<ModelInstallJson>();
  const [error, setError] = useState<string>();

  // follows the install until it finishes
  useEffect(() => {
    if (!install || isInstallFinished(install)) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      service.install(install.id, abort.signal).then(
        (next) => {
          setInstall(next);
          if (next.state === 'installed') {
            service.didInstall();
            notify('info', `Installed ${next.model?.ref ?? 'the model'}.`);
          } else if (next.state === 'failed') setError(next.error ?? 'The install failed.');
        },
        (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
      );
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [install, service, notify]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      setInstall(await service.startInstall(installBody(fields)));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const running = install !== undefined && !isInstallFinished(install);
  const fraction = install ? installFraction(install) : undefined;
  const field = (name: keyof typeof fields) => ({ value: fields[name], onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value })) });
  return (
    <form className="model-form model-install" data-testid="model-install-form" aria-label="Install a model from a URL" onSubmit={submit}>
      <label>
        Package URL
        <input data-testid="model-install-url" type="url" placeholder="https://…/model.tar.bz2" disabled={running} {...field('url')} />
      </label>
      <label>
        Expected sha256
        <input data-testid="model-install-sha256" spellCheck={false} placeholder="64 hexadecimal digits" disabled={running} {...field('sha256')} />
      </label>
      <details>
        <summary>Id and version</summary>
        <label>
          Id
          <input data-testid="model-install-id" placeholder="from the package" disabled={running} {...field('id')} />
        </label>
        <label>
          Version
          <input data-testid="model-install-version" placeholder="from the package" disabled={running} {...field('version')} />
        </label>
      </details>
      {install && (
        <div className="model-install-progress" data-testid="model-install-progress" data-state={install.state} role="status">
          {install.state === 'downloading'
            ? `Downloading ${formatBytes(install.receivedBytes)}${install.totalBytes ? ` of ${formatBytes(install.totalBytes)}` : ''}`
            : install.state === 'verifying'
              ? 'Verifying (checksums, probe decode)…'
              : install.state === 'installed'
                ? `Installed ${install.model?.ref ?? ''}`
                : install.state === 'cancelled'
                  ? 'Cancelled'
                  : 'Failed'}
          {running &&
            (fraction === undefined ? (
              <div className="busy-bar" />
            ) : (
              <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
                <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
              </div>
            ))}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="model-install-error">
          {error}
        </p>
      )}
      <div className="model-actions">
        {running ? (
          <button type="button" data-testid="model-install-cancel" onClick={() => service.cancelInstall(install.id).catch((err: unknown) => setError(String(err)))}>
            Cancel
          </button>
        ) : (
          <button type="submit" className="primary" data-testid="model-install-submit" disabled={fields.url.trim() === ''}>
            Install
          </button>
        )}
      </div>
    </form>
  );
}
