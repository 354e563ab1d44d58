/** Where errors that nothing else handles go, such as one thrown by an event listener. */
export type UnexpectedErrorHandler = (error: unknown) => void;

// the page's reportError logs it as uncaught (console and window 'error') without unwinding the caller
const reportToPage: UnexpectedErrorHandler = (error) => {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else console.error(error);
};

let handler: UnexpectedErrorHandler = reportToPage;

/** Hands an error that nothing else handles to the current handler (VS Code's `onUnexpectedError`). */
export function onUnexpectedError(error: unknown): void {
  handler(error);
}

/**
 * Sets where unexpected errors go (default: the page's `reportError`, or `console.error` without one) and returns
 * the handler it replaces, so that a caller can put it back.
 */
export function setUnexpectedErrorHandler(next: UnexpectedErrorHandler): UnexpectedErrorHandler {
  const previous = handler;
  handler = next;
  return previous;
}
