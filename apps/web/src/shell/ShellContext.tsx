import { createContext, useContext, useEffect, useState } from 'react';
import type { Event } from '../platform/Emitter.ts';
import type { WorkbenchController } from './WorkbenchController.ts';

/** The signed-in workbench's controller, for the shell's own views (other parts use `useWorkbench()`). */
export const ShellContext = createContext<WorkbenchController | undefined>(undefined);

export function useShell(): WorkbenchController {
  const controller = useContext(ShellContext);
  if (!controller) throw new Error('useShell outside the workbench');
  return controller;
}

/** Renders the component again whenever one of `events` fires (models keep their state; React just redraws). */
export function useRerenderOn(...events: Event<unknown>[]): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const subscriptions = events.map((event) => event(() => setVersion((v) => v + 1)));
    return () => {
      for (const s of subscriptions) s.dispose();
    };
    // the events are fields of long-lived models: their identity is stable
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, events);
}
