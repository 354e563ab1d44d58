import type { ModelIdentityJson } from '@verbatim/core/api';
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

/** Whether the model that made a transcript is calibrated (undefined: not known to the store). */
export function useModelCalibration(model: ModelIdentityJson | null | undefined): boolean | undefined {
  return useModels().calibrationOf(model);
}
