import { useEffect, useReducer } from 'react';
import type { Event } from '../platform/Emitter.ts';
import { useWorkbench } from '../platform/WorkbenchContext.tsx';
import { TranscriptWorkbench } from './TranscriptWorkbench.ts';

/** The transcript workbench of this page; its commands stay registered while the calling component is mounted. */
export function useTranscriptWorkbench(): TranscriptWorkbench {
  const workbench = TranscriptWorkbench.for(useWorkbench());
  useEffect(() => {
    const held = workbench.acquire();
    return () => held.dispose();
  }, [workbench]);
  return workbench;
}

/** Re-renders the component whenever one of `events` fires. */
export function useRerenderOn(...events: Array<Event<unknown> | undefined>): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const subs = events.map((event) => event?.(() => bump()));
    return () => subs.forEach((s) => s?.dispose());
  }, events);
}
