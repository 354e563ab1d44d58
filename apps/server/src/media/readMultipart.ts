import type { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import { MediaError } from './MediaError.ts';

/** One part of a `multipart/form-data` body, as {@link readMultipart} reads it. */
export interface MultipartPart {
  /** The `name` of `Content-Disposition: form-data`. */
  readonly name: string | undefined;
  /** The `filename` (or `filename*`) the client sent, path included: sanitise it before use. */
  readonly filename: string | undefined;
  /** The part's Content-Type, lower case (`text/plain` when the part has none). */
  readonly contentType: string;
  /**
   * The part's bytes, streamed as they arrive. Read it once, before asking for the next part (an unread rest is
   * skipped when the next part is requested).
   */
  readonly body: AsyncIterable<Uint8Array>;
}

/** Options of {@link readMultipart}. */
export interface ReadMultipartOptions {
  /** Largest header block of one part; longer ones are cut to this size (default 16 KiB). */
  readonly maxHeaderBytes?: number;
  /** Most bytes read in a row without a part starting or part content being read: a preamble, parts that are not form-data (default 64 KiB). */
  readonly maxPreambleBytes?: number;
  /** Most parts in the body; one more is refused with `too-many-parts` (default 32). */
  readonly maxParts?: number;
}

// bytes a part may hold in memory before the parser waits for its reader
const PART_BUFFER_BYTES = 64 * 1024;

/**
 * The `boundary` parameter of a `multipart/form-data` Content-Type header.
 *
 * @throws {MediaError} `not-multipart` when the header is missing, another type, or has no usable boundary.
 */
export function multipartBoundary(contentType: string | undefined): string {
  const [type = '', ...params] = (contentType ?? '').split(';');
  if (type.trim().toLowerCase() !== 'multipart/form-data') {
    throw new MediaError('not-multipart', `Send files as multipart/form-data with one "file" part per file, not as ${type.trim() || 'a body without a Content-Type'}.`);
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    // RFC 2046: 1 to 70 characters
    if (value.length >= 1 && value.length <= 70) return value;
  }
  throw new MediaError('not-multipart', 'The multipart/form-data Content-Type has no valid boundary parameter (1 to 70 characters).');
}

/**
 * Reads a `multipart/form-data` body incrementally with `@fastify/busboy`: parts are yielded as soon as their
 * headers have arrived and each part's body streams in chunks. Input is read only while the current part is being
 * read and no later part waits, so memory stays bounded by a chunk of the input plus one part's buffer, whatever
 * the size of the files. Parts that are not `form-data` are skipped (and counted). Breaking out of the loop (or an
 * error) cancels the input stream.
 *
 * @throws {MediaError} `invalid-multipart` when the body is malformed or ends before its closing boundary,
 *   `too-many-parts` past `maxParts`.
 * @example
 * for await (const part of readMultipart(request.body, multipartBoundary(request.headers.get('content-type')))) {
 *   if (part.filename !== undefined) for await (const chunk of part.body) file.write(chunk);
 * }
 */
export async function* readMultipart(
  stream: ReadableStream<Uint8Array>,
  boundary: string,
  options: ReadMultipartOptions = {},
): AsyncGenerator<MultipartPart, void, undefined> {
  const maxParts = options.maxParts ?? 32;
  const maxPreambleBytes = options.maxPreambleBytes ?? 64 * 1024;
  const waiting: { part: MultipartPart; file: Readable }[] = [];
  let current: Readable | undefined;
  let finished = false;
  let failure: unknown;
  // part starts and bytes handed to parts: the input is making progress
  let starts = 0;
  let latest: BusboyFileStream | undefined;
  const progress = (): number => starts + (latest?.bytesRead ?? 0);
  // the caller waits for a part, the feeder for the caller to take one
  const wakers = new Set<() => void>();
  const changed = (): Promise<void> => new Promise((resolve) => wakers.add(resolve));
  const notify = (): void => {
    for (const wake of wakers) wake();
    wakers.clear();
  };
  const fail = (error: unknown): void => {
    if (failure !== undefined) return;
    failure = error;
    current?.destroy(error as Error);
    for (const { file } of waiting) file.destroy(error as Error);
    notify();
  };

  const busboy = Busboy({
    headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` },
    // every form-data part streams, a field as much as a file; names and paths are the caller's to judge
    isPartAFile: () => true,
    preservePath: true,
    fileHwm: PART_BUFFER_BYTES,
    limits: { parts: maxParts, headerSize: options.maxHeaderBytes ?? 16 * 1024 },
  });
  busboy.on('file', (name, file, filename, _encoding, contentType) => {
    starts++;
    latest = file;
    file.on('error', (error) => fail(toMultipartError(error)));
    const body: AsyncIterable<Uint8Array> = {
      async *[Symbol.asyncIterator]() {
        try {
          for await (const chunk of file as AsyncIterable<Buffer>) yield chunk;
        } catch (error) {
          throw failure ?? toMultipartError(error);
        }
      },
    };
    waiting.push({ part: { name, filename, contentType, body }, file });
    notify();
  });
  busboy.on('partsLimit', () =>
    fail(new MediaError('too-many-parts', `One request may carry at most ${maxParts} parts; upload the files in several requests.`)),
  );
  busboy.on('error', (error) => fail(toMultipartError(error)));
  busboy.on('finish', () => {
    finished = true;
    notify();
  });

  const reader = stream.getReader();
  const write = (chunk: Uint8Array): Promise<void> =>
    new Promise((resolve, reject) => busboy.write(chunk, (error) => (error ? reject(error) : resolve())));
  const feed = async (): Promise<void> => {
    let idleBytes = 0;
    while (!finished && failure === undefined) {
      // a part nobody has asked for yet: parse no further until it is taken
      while (waiting.length > 0 && failure === undefined) await changed();
      if (failure !== undefined) return;
      const { done, value } = await reader.read();
      if (done) {
        // the input ended: busboy says whether the body was whole (unless the caller stopped and cancelled it)
        if (failure === undefined) busboy.end();
        return;
      }
      const before = progress();
      await write(value);
      idleBytes = progress() === before ? idleBytes + value.byteLength : 0;
      if (idleBytes > maxPreambleBytes) throw invalid(`no form-data part and no part content in ${idleBytes} bytes`);
    }
  };
  feed().catch(fail);

  try {
    for (;;) {
      while (waiting.length === 0 && !finished && failure === undefined) await changed();
      if (failure !== undefined) throw failure;
      const next = waiting.shift();
      if (next === undefined) return;
      current = next.file;
      notify();
      yield next.part;
      // skip whatever the caller left unread
      if (!current.readableEnded && !current.destroyed) current.resume();
    }
  } finally {
    if (failure === undefined) fail(new Error('readMultipart: the reader stopped'));
    busboy.destroy();
    await reader.cancel().catch(() => {});
  }
}

function invalid(why: string): MediaError {
  return new MediaError('invalid-multipart', `The multipart/form-data body is malformed: ${why}.`);
}

// busboy and its Dicer report an early end in several words; the rest (a dropped connection) passes as it is
function toMultipartError(error: unknown): unknown {
  if (error instanceof MediaError) return error;
  if (error instanceof Error && /unexpected end of multipart data/i.test(error.message)) {
    return invalid('the body ends before the closing boundary (was the upload interrupted?)');
  }
  return error;
}
