import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/** Where the transcript of `input` goes: `<out or input dir>/<input name without extension>.<format>`. */
export function outputPath(input: string, format: string, outDir?: string): string {
  const name = basename(input, extname(input));
  return join(outDir ?? dirname(input), `${name}.${format}`);
}

/**
 * Writes through a temporary file and a rename, so a reader never sees a half-written transcript and a cancelled run
 * leaves nothing behind. Refuses to replace an existing file unless `overwrite`.
 */
export async function writeOutput(path: string, data: string | Uint8Array, overwrite: boolean): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.partial`;
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    if (overwrite) {
      await rename(tmp, path);
    } else {
      // link() fails atomically when the target exists: no check-then-write race, nothing clobbered
      await link(tmp, path).catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'EEXIST' ? new Error(`${path} exists (use --overwrite to replace it)`) : err;
      });
    }
  } finally {
    await rm(tmp, { force: true });
  }
}
