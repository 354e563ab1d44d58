import type { LiveSessionStateJson, LmModeJson } from '@verbatim/core/api';

/** A duration in seconds as h:mm:ss or m:ss. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A session's state in words. */
export function stateLabel(state: LiveSessionStateJson, sourceConnected = false): string {
  switch (state) {
    case 'live':
      return sourceConnected ? 'Live' : 'Live, no audio source';
    case 'stopping':
      return 'Stopping…';
    case 'ended':
      return 'Ended';
    case 'failed':
      return 'Failed';
  }
}

/** A session's word LM mode in words (null: a session from before the choice, which used the model's default). */
export function lmLabel(lm: LmModeJson | null): string {
  switch (lm) {
    case 'adapted':
      return 'LM adapted';
    case 'base':
      return "model's own LM";
    case 'off':
      return 'no LM';
    case null:
      return "model's default LM";
  }
}
