import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

/** A regular file inside the web root, found by {@link resolveWebFile}. */
export interface WebFile {
  /** Its real path (symbolic links resolved). */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * The URL path's segments, percent-decoded, or undefined when any of them could leave or hide in the directory
 * it is resolved against: `.` and `..` (also percent-encoded), a decoded `/` or `\`, a NUL, a name starting with a
 * dot (`.env`, `.git`), or an encoding that does not decode. Empty segments (`//`, a trailing `/`) are dropped.
 *
 * @example
 * webPathSegments('/assets/index.js'); // ['assets', 'index.js']
 * webPathSegments('/..%2f..%2fetc/passwd'); // undefined
 */
export function webPathSegments(pathname: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/**
 * The regular file at `segments` under `root`, or undefined when there is none, it is a directory, or it lies
 * outside `root` once symbolic links are followed. Never throws for a missing file or directory.
 */
export async function resolveWebFile(root: string, segments: readonly string[]): Promise<WebFile | undefined> {
  const base = resolve(root);
  const candidate = resolve(base, ...segments);
  if (candidate !== base && !candidate.startsWith(base + sep)) return undefined;
  try {
    const [realBase, realFile] = await Promise.all([realpath(base), realpath(candidate)]);
    if (!realFile.startsWith(realBase + sep)) return undefined;
    const info = await stat(realFile);
    return info.isFile() ? { path: realFile, size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}
