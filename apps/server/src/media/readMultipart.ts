import { MediaError } from './MediaError.ts';

/** One part of a `multipart/form-data` body, as {@link readMultipart} reads it. */
export interface MultipartPart {
  /** The `name` of `Content-Disposition: form-data`. */
  readonly name: string | undefined;
  /** The `filename` (or `filename*`) the client sent, exactly as sent: sanitise it before use. */
  readonly filename: string | undefined;
  readonly contentType: string | undefined;
  /** Every header of the part, names in lower case. */
  readonly headers: ReadonlyMap<string, string>;
  /**
   * The part's bytes, streamed as they arrive. Read it once, before asking for the next part (an unread rest is
   * skipped when the next part is requested).
   */
  readonly body: AsyncIterable<Uint8Array>;
}

/** Options of {@link readMultipart}. */
export interface ReadMultipartOptions {
  /** Largest header block of one part (default 16 KiB). */
  readonly maxHeaderBytes?: number;
  /** Largest preamble before the first boundary (default 64 KiB). */
  readonly maxPreambleBytes?: number;
}

const CRLF = new Uint8Array([13, 10]);
const HEADER_END = new Uint8Array([13, 10, 13, 10]);
const encoder = new TextEncoder();

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
 * Reads a `multipart/form-data` body incrementally: parts are yielded as soon as their headers have arrived and
 * each part's body streams in chunks, so memory stays bounded by a chunk of the input plus the boundary, whatever
 * the size of the files. Breaking out of the loop (or an error) cancels the input stream.
 *
 * @throws {MediaError} `invalid-multipart` when the body is malformed or ends before its closing boundary.
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
  const scanner = new Scanner(stream.getReader());
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  const maxHeaderBytes = options.maxHeaderBytes ?? 16 * 1024;
  try {
    // a virtual CRLF in front lets the first boundary match the same delimiter as the others
    scanner.prepend(CRLF);
    let preamble = 0;
    for await (const chunk of scanner.until(delimiter)) {
      preamble += chunk.byteLength;
      if (preamble > (options.maxPreambleBytes ?? 64 * 1024)) throw invalid(`no boundary "${boundary}" in the first ${preamble} bytes`);
    }
    for (;;) {
      if (await afterDelimiterIsClose(scanner)) return;
      const headers = await readHeaders(scanner, maxHeaderBytes);
      const disposition = parseParams(headers.get('content-disposition') ?? '');
      let finished = false;
      // each iteration continues where the last one stopped: the position lives in the scanner
      const body: AsyncIterable<Uint8Array> = {
        [Symbol.asyncIterator]: () =>
          (async function* () {
            if (finished) return;
            yield* scanner.until(delimiter);
            finished = true;
          })(),
      };
      yield {
        name: disposition.get('name'),
        filename: disposition.get('filename*') ?? disposition.get('filename'),
        contentType: headers.get('content-type'),
        headers,
        body,
      };
      // skip whatever the caller left unread
      if (!finished) for await (const _ of body) void _;
    }
  } finally {
    await scanner.cancel();
  }
}

function invalid(why: string): MediaError {
  return new MediaError('invalid-multipart', `The multipart/form-data body is malformed: ${why}.`);
}

// After a delimiter: `--` closes the body; otherwise optional spaces/tabs then CRLF start the next part.
async function afterDelimiterIsClose(scanner: Scanner): Promise<boolean> {
  await scanner.need(2, 'the body ends right after a boundary');
  if (scanner.peek(0) === 45 && scanner.peek(1) === 45) return true;
  for (;;) {
    await scanner.need(2, 'the body ends right after a boundary');
    const b = scanner.peek(0);
    if (b === 32 || b === 9) scanner.skip(1);
    else if (b === 13 && scanner.peek(1) === 10) {
      scanner.skip(2);
      return false;
    } else throw invalid('a boundary line is followed by something other than a line break');
  }
}

async function readHeaders(scanner: Scanner, maxBytes: number): Promise<Map<string, string>> {
  const headers = new Map<string, string>();
  await scanner.need(2, 'the body ends inside a part header');
  // a part with no headers at all: the blank line follows the boundary line directly
  if (scanner.peek(0) === 13 && scanner.peek(1) === 10) {
    scanner.skip(2);
    return headers;
  }
  const block = await scanner.takeThrough(HEADER_END, maxBytes);
  const text = new TextDecoder().decode(block.subarray(0, block.length - HEADER_END.length));
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw invalid(`a part header line has no name ("${line.slice(0, 40)}")`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** The parameters of a header like `form-data; name="file"; filename="a.wav"`, names in lower case. */
export function parseParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = value.indexOf(';');
  while (i >= 0 && i < value.length) {
    i++;
    while (value[i] === ' ' || value[i] === '\t') i++;
    const eq = value.indexOf('=', i);
    if (eq < 0) break;
    const name = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    let raw = '';
    if (value[j] === '"') {
      j++;
      while (j < value.length && value[j] !== '"') {
        // browsers escape quotes as %22 and send backslashes as is; RFC 822 clients escape with a backslash
        if (value[j] === '\\' && (value[j + 1] === '"' || value[j + 1] === '\\')) j++;
        raw += value[j];
        j++;
      }
      j = value.indexOf(';', j);
    } else {
      const end = value.indexOf(';', j);
      raw = (end < 0 ? value.slice(j) : value.slice(j, end)).trim();
      j = end;
    }
    params.set(name, name.endsWith('*') ? decodeExtValue(raw) : raw);
    i = j;
  }
  return params;
}

// RFC 8187: charset'language'percent-encoded
function decodeExtValue(raw: string): string {
  const match = /^([^']*)'[^']*'(.*)$/.exec(raw);
  if (match === null) return raw;
  try {
    return decodeURIComponent(match[2]!);
  } catch {
    return match[2]!;
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0]!;
  for (let i = haystack.indexOf(first, from); i >= 0 && i + needle.length <= haystack.length; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

// Holds what has been read but not consumed; never mutates a buffer it has handed out.
class Scanner {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buffer: Uint8Array = new Uint8Array(0);
  #ended = false;

  constructor(reader: ReadableStreamDefaultReader<Uint8Array>) {
    this.#reader = reader;
  }

  prepend(bytes: Uint8Array): void {
    this.#buffer = concat(bytes, this.#buffer);
  }

  peek(offset: number): number | undefined {
    return this.#buffer[offset];
  }

  skip(count: number): void {
    this.#buffer = this.#buffer.subarray(count);
  }

  async need(count: number, why: string): Promise<void> {
    while (this.#buffer.length < count) if (!(await this.#fill())) throw invalid(why);
  }

  /** Consumes bytes up to and including `needle`, which must come within `max` bytes. */
  async takeThrough(needle: Uint8Array, max: number): Promise<Uint8Array> {
    for (let from = 0; ; ) {
      const at = indexOf(this.#buffer, needle, from);
      if (at >= 0) {
        if (at + needle.length > max) throw invalid(`a part header is longer than ${max} bytes`);
        const taken = this.#buffer.subarray(0, at + needle.length);
        this.#buffer = this.#buffer.subarray(at + needle.length);
        return taken;
      }
      if (this.#buffer.length > max) throw invalid(`a part header is longer than ${max} bytes`);
      from = Math.max(0, this.#buffer.length - needle.length + 1);
      if (!(await this.#fill())) throw invalid('the body ends inside a part header');
    }
  }

  /** Yields the bytes before `needle` as they arrive and consumes the needle; throws when the input ends first. */
  async *until(needle: Uint8Array): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      const at = indexOf(this.#buffer, needle);
      if (at >= 0) {
        const before = this.#buffer.subarray(0, at);
        this.#buffer = this.#buffer.subarray(at + needle.length);
        if (before.length > 0) yield before;
        return;
      }
      // keep a tail that could be the start of the needle split across chunks
      const emit = this.#buffer.length - (needle.length - 1);
      if (emit > 0) {
        const out = this.#buffer.subarray(0, emit);
        this.#buffer = this.#buffer.subarray(emit);
        yield out;
      }
      if (!(await this.#fill())) throw invalid('the body ends before the closing boundary (was the upload interrupted?)');
    }
  }

  async cancel(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#reader.cancel().catch(() => {});
  }

  async #fill(): Promise<boolean> {
    if (this.#ended) return false;
    const { done, value } = await this.#reader.read();
    if (done) {
      this.#ended = true;
      return false;
    }
    this.#buffer = this.#buffer.length === 0 ? value : concat(this.#buffer, value);
    return true;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
