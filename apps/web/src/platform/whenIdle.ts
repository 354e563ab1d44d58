/** Runs `work` in the browser's next idle period (or after at most `timeout` ms); returns what cancels it. */
export function whenIdle(work: () => void, timeout = 250): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => work(), { timeout });
    return () => cancelIdleCallback(handle);
  }
  // no idle callbacks (jsdom, older Safari): the next task
  const handle = setTimeout(work, 0);
  return () => clearTimeout(handle);
}

/** Most milliseconds one slice of {@link eachIdle} takes: what a press or key arriving meanwhile may wait. */
const SLICE_MS = 5;

/**
 * Runs `step` in idle periods, one call per period, until it returns true (done): long work cut into slices. A step
 * should stop once `timeLeft()` (ms left of its slice: at most {@link SLICE_MS}, less when the idle period ends sooner)
 * is nearly spent, so a press or a key arriving meanwhile waits for one slice, not for the whole work (an idle period
 * can last 50 ms). A period that came late (`timeout` ms passed) still gives a slice. Returns what cancels the rest.
 */
export function eachIdle(step: (timeLeft: () => number) => boolean, timeout = 1000): () => void {
  let cancel = () => {};
  let cancelled = false;
  const slice = (deadline?: IdleDeadline) => {
    if (cancelled) return;
    const started = performance.now();
    const own = () => SLICE_MS - (performance.now() - started);
    const timeLeft = deadline && !deadline.didTimeout ? () => Math.min(own(), deadline.timeRemaining()) : own;
    if (!step(timeLeft)) schedule();
  };
  const schedule = () => {
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(slice, { timeout });
      cancel = () => cancelIdleCallback(handle);
    } else {
      const handle = setTimeout(() => slice(), 0);
      cancel = () => clearTimeout(handle);
    }
  };
  schedule();
  return () => {
    cancelled = true;
    cancel();
  };
}
