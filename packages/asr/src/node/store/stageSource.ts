import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { sha256File } from '../sha256File.ts';
import { downloadToFile, redactUrl, removePart } from './downloadToFile.ts';
import { extractArchive, isArchiveName } from './extractArchive.ts';
import type { ModelInstallProgress } from './InstalledModel.ts';
import { ModelStoreError } from './ModelStoreError.ts';

export interface StageSourceOptions {
  readonly sha256?: string;
  readonly signal?: AbortSignal;
  readonly onProgress: (p: ModelInstallProgress) => void;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly allowHttp?: boolean;
  readonly fetch?: typeof fetch;
}

/** A package directory ready to read, and the source as the store records it. */
export interface StagedSource {
  readonly dir: string;
  /** An absolute path or a URL without credentials. */
  readonly source: string;
  /** Whether `sha256` was checked here (a file or a download); for a directory the caller checks the package hash. */
  readonly checked: boolean;
}

/** Whether `source` names a URL rather than a path. */
export function isUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

/**
 * Turns an install source into a package directory: a directory as it is; an archive extracted under `staging`;
 * a URL downloaded to `<downloads>/<sha256(url)>.part` (resumed if an earlier try left part of it), checked against
 * `sha256` before anything is extracted, then extracted. The finished download is deleted once extracted.
 */
export async function stageSource(source: string, staging: string, downloads: string, options: StageSourceOptions): Promise<StagedSource> {
  if (isUrl(source)) {
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      throw new ModelStoreError('invalid-source', `${source} is not a valid URL`);
    }
    const shown = redactUrl(source);
    if (url.protocol !== 'https:' && !(options.allowHttp && url.protocol === 'http:')) {
      throw new ModelStoreError('invalid-source', `${shown}: only https:// URLs are accepted`);
    }
    const part = join(downloads, `${createHash('sha256').update(source).digest('hex')}.part`);
    await downloadToFile(source, part, {
      maxBytes: options.maxBytes,
      timeoutMs: options.timeoutMs,
      allowHttp: options.allowHttp,
      fetch: options.fetch,
      signal: options.signal,
      onProgress: (receivedBytes, totalBytes) => options.onProgress({ phase: 'download', receivedBytes, totalBytes }),
    });
    try {
      await verifyChecksum(part, options.sha256, shown);
      const dir = await extractTo(part, staging, options, basename(url.pathname) || url.hostname);
      return { dir, source: shown, checked: true };
    } finally {
      if (!options.signal?.aborted) await removePart(part);
    }
  }
  const path = resolve(source);
  const s = await stat(path).catch(() => undefined);
  if (s === undefined) throw new ModelStoreError('invalid-source', `${path} does not exist`);
  if (s.isDirectory()) return { dir: path, source: path, checked: false };
  if (!s.isFile() || !isArchiveName(path)) {
    throw new ModelStoreError('invalid-source', `${path} is neither a directory nor a .tar.gz, .tgz, .tar.bz2 or .tar archive`);
  }
  await verifyChecksum(path, options.sha256, path);
  return { dir: await extractTo(path, staging, options, basename(path)), source: path, checked: true };
}

async function extractTo(archive: string, staging: string, options: StageSourceOptions, name: string): Promise<string> {
  // named after the archive: a package without a top-level folder takes its default id from this directory's name
  const stem = name.replace(/\.(tar\.gz|tgz|tar\.bz2|tbz2|tbz|tar)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  const dest = join(staging, 'extract', stem || 'package');
  await mkdir(dest, { recursive: true });
  return await extractArchive(archive, dest, {
    name,
    maxBytes: options.maxBytes,
    signal: options.signal,
    onProgress: (receivedBytes, totalBytes) => options.onProgress({ phase: 'extract', receivedBytes, totalBytes }),
  });
}

async function verifyChecksum(file: string, expected: string | undefined, shown: string): Promise<void> {
  if (expected === undefined) return;
  const actual = await sha256File(file);
  if (actual !== expected.toLowerCase()) {
    throw new ModelStoreError('checksum-mismatch', `${shown} has sha256 ${actual}, but ${expected.toLowerCase()} was expected: the file is damaged or not the one asked for`);
  }
}
