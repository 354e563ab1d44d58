import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private PostgreSQL server for tests: its own cluster in a temporary directory, on a loopback port. */
export interface TestPostgres {
  /** `postgres://verbatim@127.0.0.1:<port>/postgres` (trust authentication on loopback only). */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown) and removes its directory. */
  stop(): Promise<void>;
  /** Stops the server (fast shutdown: every connection is closed) and starts it again on the same port. */
  restart(): Promise<void>;
}

/** Where Debian (and most Linux packages) put the server's programs; `VERBATIM_PG_BIN` overrides. */
export function findPostgresBin(): string {
  const override = process.env['VERBATIM_PG_BIN'];
  if (override) return override;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) {
    throw new Error(
      'The PostgreSQL tests need the PostgreSQL server programs (initdb, pg_ctl): install Debian\'s `postgresql` package ' +
        '(`apt-get install postgresql`; .ci/run does) or set VERBATIM_PG_BIN to their directory.',
    );
  }
  return join(root, versions[0]!, 'bin');
}

/**
 * Starts a throwaway PostgreSQL cluster: `initdb` into a fresh temporary directory (as the `postgres` system user when
 * this process is root, since the server refuses to run as root), then `pg_ctl start` listening on 127.0.0.1 only, at
 * a free port, with durability switched off (it is thrown away) and room for many connections (several server
 * processes in one test). The superuser is `verbatim`, trusted on loopback.
 *
 * @example
 * const pg = await startPostgres();
 * try { ... new pg.Client(pg.url) ... } finally { await pg.stop(); }
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-pg-'));
  const data = join(dir, 'data');
  const owner = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const run = (program: string, args: string[]) =>
    execFileSync(join(bin, program), args, { ...asOwner, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  try {
    run('initdb', ['-D', data, '-U', 'verbatim', '--auth=trust', '--encoding=UTF8', '--no-sync', '--no-instructions']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      '-c max_connections=300 -c shared_buffers=32MB',
    ].join(' ');
    try {
      run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
      const url = `postgres://verbatim@127.0.0.1:${port}/postgres`;
      return {
        url,
        port,
        restart: async () => {
          await new Promise<void>((resolve, reject) => {
            const child = spawn(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-m', 'fast', '-w', '-t', '60', '-o', options, 'restart'], {
              ...asOwner,
              cwd: dir,
              stdio: 'ignore',
              env: { ...process.env, LC_ALL: 'C.UTF-8' },
            });
            child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited with ${code}`))));
            child.once('error', reject);
          });
        },
        stop: async () => {
          await new Promise<void>((resolve) => {
            const child = spawn(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...asOwner, stdio: 'ignore' });
            child.once('exit', () => resolve());
            child.once('error', () => resolve());
          });
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      // another process took the port between the probe and the start: try another one
      if (attempt < 3) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`PostgreSQL did not start: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
    }
  }
}

function systemUser(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
