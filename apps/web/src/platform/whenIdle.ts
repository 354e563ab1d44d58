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
