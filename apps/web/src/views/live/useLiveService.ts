import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { LiveService } from './LiveService.ts';

/** The workbench's {@link LiveService}. */
export function useLiveService(): LiveService {
  return LiveService.for(useWorkbench().api);
}
