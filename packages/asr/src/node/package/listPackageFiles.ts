import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ModelBundleError } from '../../bundle/ModelBundleError.ts';

// past these a directory is not a model package (a home directory given by mistake)
const MAX_FILES = 10_000;
const MAX_DEPTH = 8;

/**
 * Every regular file under `root` as a sorted posix path relative to it, hidden files (`.DS_Store`, `.git/`) left
 * out. A symbolic link anywhere is refused: a package must not pull in files from elsewhere on the host.
 *
 * @throws {ModelBundleError} `bundle-not-found` when `root` is not a directory; `unsafe-path` for a link or a special file.
 */
export async function listPackageFiles(root: string): Promise<string[]> {
  const top = await lstat(root).catch(() => undefined);
  if (!top) throw new ModelBundleError('bundle-not-found', `model package ${root} does not exist`);
  if (top.isSymbolicLink()) {
    // the directory given may itself be a link (a path the user chose): follow that one, nothing inside it
    const target = await realpath(root);
    return listPackageFiles(target);
  }
  if (!top.isDirectory()) throw new ModelBundleError('bundle-not-found', `model package ${root} is not a directory`);
  const files: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) throw new ModelBundleError('unsafe-path', `model package ${root}: ${rel} is nested more than ${MAX_DEPTH} directories deep`);
    const entries = await readdir(join(root, rel), { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = rel === '' ? e.name : posix.join(rel, e.name);
      if (e.isSymbolicLink()) throw new ModelBundleError('unsafe-path', `model package ${root}: ${path} is a symbolic link; a package must hold its own files`);
      if (e.isDirectory()) await walk(path, depth + 1);
      else if (e.isFile()) {
        files.push(path);
        if (files.length > MAX_FILES) throw new ModelBundleError('unsafe-path', `model package ${root} holds more than ${MAX_FILES} files: not a model package`);
      } else throw new ModelBundleError('unsafe-path', `model package ${root}: ${path} is not a regular file`);
    }
  };
  await walk('', 0);
  return files.sort();
}
