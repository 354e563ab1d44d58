import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDatabase } from '../db/SqlDatabase.ts';
import { ConfigError } from '../config/ConfigError.ts';
import { loadConfig } from '../config/loadConfig.ts';
import { openDatabase } from '../db/openDatabase.ts';
import { DATABASE_FILE } from '../http/createServerContext.ts';
import { EXIT_CONFIG, EXIT_FAILED, type ServerProcess } from './runServer.ts';

/**
 * Opens the database of the data directory an offline command works on: `--data-dir` (or `VERBATIM_DATA_DIR`, or the
 * default), migrated to this version's schema. Undefined, having said why and exited (2 for a bad directory setting,
 * with `usage`; 1 when there is no database or it cannot be opened), when it cannot.
 */
export function openDataDatabase(proc: ServerProcess, dataDirFlag: string | undefined, usage: string): SqlDatabase | undefined {
  let dataDir: string;
  try {
    dataDir = loadConfig({ argv: dataDirFlag === undefined ? [] : ['--data-dir', dataDirFlag], env: proc.env }).dataDir;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    proc.err(`verbatim: ${error.message}\n${usage}`);
    proc.exit(EXIT_CONFIG);
    return undefined;
  }
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) {
    proc.err(`verbatim: there is no Verbatim database in ${dataDir}; pass the server's --data-dir (or VERBATIM_DATA_DIR).`);
    proc.exit(EXIT_FAILED);
    return undefined;
  }
  try {
    return openDatabase(file);
  } catch (error) {
    proc.err(`verbatim: ${(error as Error).message}`);
    proc.exit(EXIT_FAILED);
    return undefined;
  }
}
