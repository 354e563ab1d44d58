const REWIND_KEY = 'verbatim.playback.rewindOnResume';

/** The default rewind-on-resume, in seconds. */
export const DEFAULT_REWIND_SECONDS = 1;

/** The rewind-on-resume setting (seconds, 0..10), kept per browser. */
export function readRewindSeconds(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): number {
  const raw = storage?.getItem(REWIND_KEY);
  const value = raw === null || raw === undefined ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 && value <= 10 ? value : DEFAULT_REWIND_SECONDS;
}

/** Stores the rewind-on-resume setting; returns the value kept (clamped to 0..10). */
export function writeRewindSeconds(seconds: number, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): number {
  const value = Math.min(10, Math.max(0, Number.isFinite(seconds) ? seconds : DEFAULT_REWIND_SECONDS));
  storage?.setItem(REWIND_KEY, String(value));
  return value;
}
