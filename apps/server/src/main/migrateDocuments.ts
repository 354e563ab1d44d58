import { parseArgs } from 'node:util';
import { DocumentStore } from '../yjs/DocumentStore.ts';
import { openDataDatabase } from './openDataDatabase.ts';
import { EXIT_CONFIG, EXIT_FAILED, EXIT_OK, type ServerProcess } from './runServer.ts';

const USAGE = 'Usage: verbatim-server migrate-documents [--data-dir <dir> | --database <url>]';

/** What `migrate-documents` did, document by document. */
export interface MigrateDocumentsSummary {
  migrated: number;
  current: number;
  empty: number;
  failed: Array<{ id: string; reason: string }>;
  /** Documents not looked at because the command was stopped (Ctrl+C). */
  skipped: number;
}

/**
 * `verbatim-server migrate-documents`: migrates every stored transcript document to the current schema, as the
 * server does when a room opens one (see `DocumentStore.open`: each in its own transaction, the old log kept in
 * `doc_backups`; one that fails is left as it was). Progress goes to stderr, one line per document; SIGINT or SIGTERM
 * stops it between two documents. Prints a summary (migrated, already current, failed with id and reason) and exits
 * 0 when every document is current, 1 when some failed or it was stopped (run it again to go on), 2 for a usage error.
 * The server may be running: SQLite takes the second writer, and a room open on a document meanwhile migrated it
 * already.
 */
export async function runMigrateDocuments(proc: ServerProcess, args: readonly string[]): Promise<MigrateDocumentsSummary | undefined> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { 'data-dir': { type: 'string' }, database: { type: 'string' } }, allowPositionals: false, strict: true });
  } catch (error) {
    proc.err(`verbatim: ${(error as Error).message.split('\n')[0]!}\n${USAGE}`);
    proc.exit(EXIT_CONFIG);
    return undefined;
  }
  const db = openDataDatabase(proc, { dataDir: parsed.values['data-dir'], database: parsed.values.database }, USAGE);
  if (db === undefined) return undefined;
  let stopping = false;
  proc.onSignal(() => {
    if (!stopping) proc.err('verbatim: stopping after the current document…');
    stopping = true;
  });
  const summary: MigrateDocumentsSummary = { migrated: 0, current: 0, empty: 0, failed: [], skipped: 0 };
  try {
    const documents = new DocumentStore(db);
    const ids = documents.docIds();
    for (const [index, id] of ids.entries()) {
      // a signal is only seen between two synchronous migrations
      await new Promise((resolve) => setImmediate(resolve));
      if (stopping) {
        summary.skipped = ids.length - index;
        break;
      }
      let outcome: string;
      try {
        const result = documents.migrate(id);
        summary[result] += 1;
        outcome = result === 'current' ? 'already current' : result;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        summary.failed.push({ id, reason });
        outcome = `FAILED: ${reason}`;
      }
      proc.err(`[${index + 1}/${ids.length}] ${id}: ${outcome}`);
    }
  } finally {
    db.close();
  }
  proc.out(`Migrated ${summary.migrated}, already current ${summary.current + summary.empty}, failed ${summary.failed.length}${summary.skipped > 0 ? `, not looked at (stopped) ${summary.skipped}` : ''}.`);
  for (const failure of summary.failed) proc.out(`  failed: ${failure.id}: ${failure.reason}`);
  if (summary.failed.length > 0) proc.out('Failed documents are unchanged; they open read-only until fixed.');
  if (summary.skipped > 0) proc.out('Stopped before the end: run the command again to go on.');
  proc.exit(summary.failed.length > 0 || summary.skipped > 0 ? EXIT_FAILED : EXIT_OK);
  return summary;
}
