import type { InstalledModelJson, ModelIdentityJson } from '@verbatim/core/api';
import { useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { ModelsService } from './ModelsService.ts';

/** The workbench's {@link ModelsService}, with the installed models loaded; re-renders when they change. */
export function useModels(): ModelsService {
  const { api } = useWorkbench();
  const service = ModelsService.for(api);
  const [, setVersion] = useState(0);
  useEffect(() => {
    const sub = service.onDidChange(() => setVersion((v) => v + 1));
    // a user who cannot list models (or a server without the route) sees confidence as before
    service.load().catch(() => {});
    return () => sub.dispose();
  }, [service]);
  return service;
}

/**
 * The model that made a transcript: the one its record names, unless it was re-transcribed from this workbench since
 * (the record an open editor read is then out of date).
 */
export function useTranscriptModel(transcriptId: string | undefined, recorded: ModelIdentityJson | null | undefined): ModelIdentityJson | null | undefined {
  const service = useModels();
  return (transcriptId === undefined ? undefined : service.madeBy(transcriptId)) ?? recorded;
}

/** Whether the model that made a transcript is calibrated (undefined: not known to the store). */
export function useModelCalibration(model: ModelIdentityJson | null | undefined): boolean | undefined {
  return useModels().calibrationOf(model);
}

/** The installed model a project's jobs use when none is named (its default alias, else the deployment's). */
export function useProjectDefaultModel(projectId: string | undefined): InstalledModelJson | undefined {
  const service = useModels();
  const [model, setModel] = useState<ModelIdentityJson | null>();
  useEffect(() => {
    if (!projectId) return;
    const abort = new AbortController();
    service.projectAliases(projectId, abort.signal).then(
      (aliases) => setModel(aliases.find((a) => a.alias === 'default')?.model ?? null),
      () => {},
    );
    return () => abort.abort();
  }, [service, projectId]);
  return service.find(model);
}
