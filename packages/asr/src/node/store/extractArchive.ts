import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { entries } from 'tar';
import { bzip2Codec } from './bzip2Codec.ts';
import { ModelStoreError } from './ModelStoreError.ts';

/** The archive names `model install` takes; anything else given as a file is refused. */
export const ARCHIVE_SUFFIXES = ['.tar.gz', '.tgz', '.tar.bz2', '.tbz2', '.tar'] as const;

/** Whether `name` ends like an archive the store extracts. */
export function isArchiveName(name: string): boolean {
  const lower = name.toLowerCase();
  return ARCHIVE_SUFFIXES.some((s) => lower.endsWith(s));
}

export interface ExtractArchiveOptions {
  /** How messages name the archive (default: its file name). */
  readonly name?: string;
  /** Refuse an archive whose files add up to more than this many bytes. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  /** Bytes of the archive file read so far, of its size: the fraction done, whatever the compression. */
  readonly onProgress?: (readBytes: number, archiveBytes: number) => void;
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

/**
 * Extracts a `.tar`, `.tar.gz` or `.tar.bz2` model package into the empty directory `dest` and returns the package
 * directory: `dest` itself, or its one top-level folder when every entry sits in one (as sherpa-onnx publishes).
 *
 * Only plain files and directories are taken. A link, a device, an absolute path, a `..` component, a name given
 * twice or more than `maxBytes` of content refuses the whole archive (`invalid-archive`, `archive-too-large`): a model
 * package has no use for them, and skipping them quietly would install something other than what was published.
 */
export async function extractArchive(archive: string, dest: string, options: ExtractArchiveOptions): Promise<string> {
  const name = options.name ?? basename(archive);
  const fail = (message: string, cause?: unknown) => new ModelStoreError('invalid-archive', `archive ${name}: ${message}`, { cause });
  const archiveBytes = (await stat(archive)).size;
  let read = 0;
  const source = createReadStream(archive, { highWaterMark: 1 << 16 });
  source.on('data', (chunk) => {
    read += chunk.length;
    options.onProgress?.(read, archiveBytes);
  });
  const input = Readable.toWeb(source) as ReadableStream<Uint8Array>;
  let total = 0;
  const seen = new Set<string>();
  try {
    for await (const entry of entries(input, { file: archive, codecs: [bzip2Codec], strict: true })) {
      options.signal?.throwIfAborted();
      const path = safeRelative(entry.path);
      if (path === undefined) throw fail(`entry ${JSON.stringify(entry.path)} has an absolute path or a ".." component`);
      if (entry.type === 'Directory') {
        if (path !== '') await mkdir(join(dest, path), { recursive: true });
        continue;
      }
      if (!FILE_TYPES.has(entry.type)) {
        throw fail(`entry ${JSON.stringify(entry.path)} is a ${describeType(entry.type)}; a model package holds only files and directories`);
      }
      if (path === '') throw fail(`entry ${JSON.stringify(entry.path)} has no name`);
      if (seen.has(path)) throw fail(`entry ${JSON.stringify(path)} appears twice`);
      seen.add(path);
      total += entry.size;
      if (total > options.maxBytes) {
        throw new ModelStoreError('archive-too-large', `archive ${name}: its files add up to more than the ${options.maxBytes}-byte limit (at ${JSON.stringify(path)})`);
      }
      const target = join(dest, path);
      await mkdir(join(target, '..'), { recursive: true });
      let written = 0;
      const counter = new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => {
          written += chunk.length;
          controller.enqueue(chunk);
        },
      });
      await entry.body.pipeThrough(counter).pipeTo(Writable.toWeb(createWriteStream(target, { flags: 'wx' })), { signal: options.signal });
      if (written !== entry.size) throw fail(`entry ${JSON.stringify(path)} is truncated (${written} of ${entry.size} bytes)`);
    }
  } catch (err) {
    if (err instanceof ModelStoreError) throw err;
    if (options.signal?.aborted) throw new ModelStoreError('cancelled', `extracting ${name} was cancelled`, { cause: err });
    throw fail(`not a readable tar archive (${(err as Error).message})`, err);
  }
  if (seen.size === 0) throw fail('holds no files');
  const top = await readdir(dest, { withFileTypes: true });
  return top.length === 1 && top[0]!.isDirectory() ? join(dest, top[0]!.name) : dest;
}

/** The entry's path relative to the archive root ('' for the root), or undefined when it would leave it. */
function safeRelative(raw: string): string | undefined {
  if (raw.startsWith('/') || raw.startsWith('\\') || /^[A-Za-z]:/.test(raw) || raw.includes('\0')) return undefined;
  const parts = raw.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return undefined;
  return parts.join('/');
}

function describeType(type: string): string {
  switch (type) {
    case 'SymbolicLink': return 'symbolic link';
    case 'Link': return 'hard link';
    case 'CharacterDevice': return 'character device';
    case 'BlockDevice': return 'block device';
    case 'FIFO': return 'FIFO';
    default: return `${type} entry`;
  }
}
