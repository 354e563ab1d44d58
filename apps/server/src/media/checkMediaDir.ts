import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/ConfigError.ts';

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied (the server runs as a user who cannot write there)',
  EPERM: 'permission denied (the server runs as a user who cannot write there)',
  EROFS: 'its file system is read-only',
  ENOSPC: 'its file system is full',
  EDQUOT: "the disk quota of the server's user is used up",
};

/**
 * Makes sure the media blobs can be written to `mediaDir` before the server or a worker starts. The default one
 * (`<dataDir>/media`) is created when missing; one set with `--media-dir`/`VERBATIM_MEDIA_DIR` (`shared`) is a
 * directory every process mounts, so it must exist already: creating it would put this process's uploads on its own
 * disk, where the others never see them. Writing is checked by writing, which holds on network file systems and for
 * root alike.
 *
 * @throws {ConfigError} `invalid-media-dir`, naming the directory and what is wrong with it.
 */
export function checkMediaDir(mediaDir: string, options: { readonly shared: boolean }): void {
  const setting = options.shared ? 'The media directory (--media-dir or VERBATIM_MEDIA_DIR)' : 'The media directory';
  const stats = statSync(mediaDir, { throwIfNoEntry: false });
  if (stats === undefined && options.shared) {
    throw new ConfigError('invalid-media-dir', `${setting} ${mediaDir} does not exist. Mount the shared media volume there (every Verbatim process must see the same one), or create it.`);
  }
  if (stats !== undefined && !stats.isDirectory()) throw new ConfigError('invalid-media-dir', `${setting} ${mediaDir} is not a directory.`);
  const probe = join(mediaDir, `.verbatim-write-check-${process.pid}-${crypto.randomUUID()}`);
  try {
    mkdirSync(mediaDir, { recursive: true });
    writeFileSync(probe, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = (code !== undefined && REASONS[code]) || (error as Error).message;
    throw new ConfigError('invalid-media-dir', `${setting} ${mediaDir} is not writable: ${why}.`, { cause: error });
  } finally {
    rmSync(probe, { force: true });
  }
}
