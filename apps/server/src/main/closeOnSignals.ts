import type { ServerProcess } from './runServer.ts';

/**
 * The first SIGINT/SIGTERM prints `announcement` and runs `close`, then exits 0 (`EXIT_OK`; `EXIT_FAILED`, 1, when closing fails, with the
 * reason); a second signal exits 1 at once without waiting. The server and the worker command stop this way.
 */
export function closeOnSignals(proc: ServerProcess, announcement: (signal: string) => string, close: () => Promise<void>): void {
  let closing = false;
  proc.onSignal((signal) => {
    if (closing) {
      proc.err(`verbatim: ${signal} again, exiting without waiting.`);
      proc.exit(1);
      return;
    }
    closing = true;
    proc.out(announcement(signal));
    close().then(
      () => proc.exit(0),
      (error: unknown) => {
        proc.err(`verbatim: shutdown failed: ${(error as Error).message}`);
        proc.exit(1);
      },
    );
  });
}
