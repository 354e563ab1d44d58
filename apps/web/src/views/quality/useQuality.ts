import type { QualityResponse } from '@verbatim/core/api';
import { useEffect, useReducer, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { onDidChangeQuality } from './qualityChanges.ts';

/** The path of a quality scope: a project's (`GET /api/projects/:id/quality`) or the deployment's (administrators). */
export function qualityPath(projectId: string | null): string {
  return projectId === null ? '/api/quality' : `/api/projects/${encodeURIComponent(projectId)}/quality`;
}

/**
 * The quality of a scope, loaded, and read again on `refresh()` and whenever something moves the figures (see
 * `didChangeQuality`); `error` says why it could not be read.
 */
export function useQuality(projectId: string | null): { quality: QualityResponse | undefined; error: string | undefined; refresh: () => void } {
  const { api } = useWorkbench();
  const [quality, setQuality] = useState<QualityResponse>();
  const [error, setError] = useState<string>();
  const [version, refresh] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const subscription = onDidChangeQuality(api, refresh);
    return () => subscription.dispose();
  }, [api]);
  useEffect(() => {
    const abort = new AbortController();
    api.get<QualityResponse>(qualityPath(projectId), abort.signal).then(
      (answer) => {
        setQuality(answer);
        setError(undefined);
      },
      (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [api, projectId, version]);
  return { quality, error, refresh };
}
