import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { ConfigError } from '../config/ConfigError.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { openSqlDatabase } from '../db/openSqlDatabase.ts';
import { DATABASE_FILE } from '../http/createServerContext.ts';
import { reportStartFailure } from './reportStartFailure.ts';
import { EXIT_CONFIG, EXIT_FAILED, type ServerProcess } from './runServer.ts';

/** Where an offline command's database is, as its flags say (each falls back to its environment variable). */
export interface DataDatabaseFlags {
  /** `--data-dir`: the SQLite file's directory. */
  readonly dataDir?: string | undefined;
  /** `--database`: a PostgreSQL URL, which wins over the data directory. */
  readonly database?: string | undefined;
}

/**
 * Opens the database an offline command works on, migrated to this version's schema: `--database` (or
 * `VERBATIM_DATABASE_URL`), a PostgreSQL server's, else the SQLite file of `--data-dir` (or `VERBATIM_DATA_DIR`, or the
 * default). Undefined, having said why and exited, when it cannot: 2 for a bad setting (with `usage`); 4 when the
 * PostgreSQL server cannot be reached; 1 when there is no SQLite database there or it cannot be opened.
 */
export function openDataDatabase(proc: ServerProcess, flags: DataDatabaseFlags, usage: string): SqlDatabase | undefined {
  let config;
  try {
    const argv = [...(flags.dataDir === undefined ? [] : ['--data-dir', flags.dataDir]), ...(flags.database === undefined ? [] : ['--database', flags.database])];
    config = loadConfig({ argv, env: proc.env, accept: ['data-dir', 'database'] });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    proc.err(`verbatim: ${error.message}\n${usage}`);
    proc.exit(EXIT_CONFIG);
    return undefined;
  }
  if (config.database !== undefined) {
    try {
      return openSqlDatabase(config.database, { applicationName: 'verbatim-admin' });
    } catch (error) {
      reportStartFailure(proc, config, error);
      return undefined;
    }
  }
  const file = join(config.dataDir, DATABASE_FILE);
  if (!existsSync(file)) {
    proc.err(`verbatim: there is no Verbatim database in ${config.dataDir}; pass the server's --data-dir (or VERBATIM_DATA_DIR), or its --database.`);
    proc.exit(EXIT_FAILED);
    return undefined;
  }
  try {
    return openSqlDatabase(file);
  } catch (error) {
    proc.err(`verbatim: ${(error as Error).message}`);
    proc.exit(EXIT_FAILED);
    return undefined;
  }
}
