import { createContext, useContext } from 'react';

/** What the rendered turns need from the tab around them. */
export interface TranscriptViewServices {
  /** Owners and editors rename speakers. */
  canEdit: boolean;
  /** Plays on from `time` (a turn's timestamp). */
  playFrom(time: number): void;
  /** The playback position (Alt+click on a turn's time moves the turn's start there). */
  currentTime(): number;
}

export const TranscriptViewContext = createContext<TranscriptViewServices>({ canEdit: false, playFrom: () => {}, currentTime: () => 0 });

export function useTranscriptView(): TranscriptViewServices {
  return useContext(TranscriptViewContext);
}
