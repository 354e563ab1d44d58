import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { copyHashed } from './copyHashed.ts';
import { ModelStoreError } from './ModelStoreError.ts';
import type { PackageFile } from './packageSha256.ts';

/**
 * Copies a package's files (relative posix paths) from `from` into `to`, hashing what is written, and returns them as
 * the store records them. `onProgress` gets the bytes copied so far and the total.
 *
 * @throws {ModelStoreError} `invalid-source` for a path that would leave the package directory.
 */
export async function copyPackageFiles(
  from: string,
  files: readonly string[],
  to: string,
  onProgress: (copiedBytes: number, totalBytes: number) => void,
  signal?: AbortSignal,
): Promise<PackageFile[]> {
  let total = 0;
  for (const file of files) total += (await stat(join(from, packagePath(file)))).size;
  let copied = 0;
  const out: PackageFile[] = [];
  for (const file of files) {
    const target = join(to, packagePath(file));
    await mkdir(dirname(target), { recursive: true });
    const { sha256, size } = await copyHashed(join(from, file), target, (n) => {
      copied += n;
      onProgress(copied, total);
    }, signal);
    out.push({ path: file, sha256, size });
  }
  return out;
}

/** Makes every file under `dir` read-only: an installed object is never modified. */
export async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) await chmod(join(entry.parentPath, entry.name), 0o444);
  }
}

/** A package file's relative path, refused if it would leave the package directory. */
function packagePath(file: string): string {
  const parts = file.split('/');
  if (file.startsWith('/') || parts.some((p) => p === '..' || p === '') || file.includes('\\')) {
    throw new ModelStoreError('invalid-source', `package file path ${JSON.stringify(file)} is not a relative path inside the package`);
  }
  return file;
}
