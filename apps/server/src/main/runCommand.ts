import type { RunningServer } from '../http/startServer.ts';
import { runMigrateDocuments } from './migrateDocuments.ts';
import { runAdmin } from './runAdmin.ts';
import { runWorker } from './runWorker.ts';
import { EXIT_OK, runServer, type ServerProcess } from './runServer.ts';
import { serverHelp } from './serverHelp.ts';

/**
 * The `verbatim-server` command line: `--help` (or `-h`, `help`) prints the commands and flags, `admin …` works on
 * the data directory (see {@link runAdmin}), `migrate-documents` migrates every stored transcript document to the
 * current schema ({@link runMigrateDocuments}), `worker` runs transcription only, no HTTP ({@link runWorker}), and anything else starts the server with those flags ({@link runServer}).
 * Resolves with the running server when it started one.
 */
export async function runCommand(proc: ServerProcess): Promise<RunningServer | undefined> {
  const [first, ...rest] = proc.argv;
  if (first === '--help' || first === '-h' || first === 'help' || proc.argv.includes('--help')) {
    proc.out(serverHelp());
    proc.exit(EXIT_OK);
    return undefined;
  }
  if (first === 'admin') {
    await runAdmin(proc, rest);
    return undefined;
  }
  if (first === 'migrate-documents') {
    await runMigrateDocuments(proc, rest);
    return undefined;
  }
  if (first === 'worker') {
    await runWorker(proc, rest);
    return undefined;
  }
  return runServer(proc);
}
