import { parseArgs } from 'node:util';
import { AccountStore } from '../auth/AccountStore.ts';
import { randomToken } from '../auth/randomToken.ts';
import { openDataDatabase } from './openDataDatabase.ts';
import { EXIT_CONFIG, EXIT_OK, type ServerProcess } from './runServer.ts';

/** `admin reset-password`: there is no account with the email given. */
export const EXIT_NO_ACCOUNT = 3;

// as many random bytes as the first administrator's password and POST /api/users/:id/password
const GENERATED_PASSWORD_BYTES = 18;

const ADMIN_USAGE = 'Usage: verbatim-server admin reset-password <email> [--data-dir <dir> | --database <url>]';

/**
 * `verbatim-server admin <command>`: work on the data directory directly, whether the server is running (SQLite in
 * WAL mode takes a second writer; the server sees the change at its next request, and its open sockets at their
 * next check) or stopped. The one command, `reset-password <email>`, gives the account a generated one-time password,
 * printed once: it must be changed at the next sign-in, and every session and API token of the account ends.
 * Exits 0 when done, 1 when there is no database or it cannot be opened, 2 for a usage error, 3 for an unknown email,
 * 4 when the `--database` (PostgreSQL) cannot be reached.
 */
export async function runAdmin(proc: ServerProcess, args: readonly string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { 'data-dir': { type: 'string' }, database: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(proc, (error as Error).message.split('\n')[0]!);
  }
  const [command, email, ...rest] = parsed.positionals;
  if (command !== 'reset-password') return usage(proc, command === undefined ? 'Name a command.' : `Unknown command ${JSON.stringify(command)}.`);
  if (email === undefined || rest.length > 0) return usage(proc, 'Give exactly one email address.');

  const db = openDataDatabase(proc, { dataDir: parsed.values['data-dir'], database: parsed.values.database }, ADMIN_USAGE);
  if (db === undefined) return undefined;
  try {
    const accounts = new AccountStore(db);
    const user = accounts.findUserByEmail(email);
    if (user === undefined) {
      proc.err(`verbatim: there is no account with the email ${JSON.stringify(email)}.`);
      return proc.exit(EXIT_NO_ACCOUNT);
    }
    const password = randomToken(GENERATED_PASSWORD_BYTES);
    await accounts.setPassword(user.id, password, { mustChange: true });
    proc.out(`New one-time password for ${user.email}:`);
    proc.out(`  ${password}`);
    proc.out('It is shown only now. It must be changed at the next sign-in; every session and API token of the account has ended.');
    if (user.disabledAt !== null) proc.out('The account is deactivated: an administrator must reactivate it (Accounts in the workbench) before it can sign in.');
    proc.exit(EXIT_OK);
  } finally {
    db.close();
  }
}

function usage(proc: ServerProcess, problem: string): void {
  proc.err(`verbatim: ${problem}\n${ADMIN_USAGE}`);
  proc.exit(EXIT_CONFIG);
}
