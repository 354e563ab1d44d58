// Test helper: `verbatim-server worker` as a real child process, and its JSON log lines as they come.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { SERVER_BIN } from './serverProcess.ts';

/** One JSON log line of the worker (the fields the tests read). */
export interface LogLine {
  msg?: string;
  jobId?: string;
  outcome?: string;
}

/** The worker bin as a child process (at the lowest priority), its JSON log lines as they come, and a way to wait for one. */
export function startWorkerChild(args: string[]) {
  const child = spawn('nice', ['-n', '19', process.execPath, SERVER_BIN, 'worker', ...args], {
    env: { ...process.env, VERBATIM_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const text: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const waiters = new Set<{ test: (line: LogLine) => boolean; done: (line: LogLine) => void }>();
  createInterface({ input: child.stdout }).on('line', (raw) => {
    text.push(raw);
    let line: LogLine;
    try {
      line = JSON.parse(raw) as LogLine;
    } catch {
      return;
    }
    lines.push(line);
    for (const waiter of waiters) {
      if (waiter.test(line)) {
        waiters.delete(waiter);
        waiter.done(line);
      }
    }
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null }));
  return {
    child,
    lines,
    text,
    exited,
    stderr: () => stderr,
    waitFor(test: (line: LogLine) => boolean): Promise<LogLine> {
      const seen = lines.find(test);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        waiters.add({ test, done });
        void exited.then(({ code, signal }) => fail(new Error(`the worker exited (${code ?? signal}) first:\n${text.join('\n')}\n${stderr}`)));
      });
    },
  };
}
