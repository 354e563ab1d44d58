import { LanguageModelError } from './LanguageModelError.ts';
import { NgramModel, type NgramTables } from './NgramModel.ts';

/** The first bytes of a Verbatim binary LM file. */
export const NGRAM_MAGIC = 'VBLM';
/** The format version this runtime writes and reads. */
export const NGRAM_FORMAT_VERSION = 1;

/**
 * Writes a model in Verbatim's binary LM format (little-endian; documented in models/README.md):
 *
 * ```
 * "VBLM" u32 version  u32 headerBytes  header (UTF-8 JSON: order, nodes, wordBytes, counts)  pad to 4
 * words (UTF-8, '\n'-separated, wordBytes long)  pad to 4
 * i32 levelStart[order+2]  i32 word[nodes]  f32 logProb[nodes]  f32 backoff[nodes]  i32 firstChild[nodes+1]
 * i32 suffix[nodes]  u32 crc32 of every byte before it
 * ```
 * The arrays are the {@link NgramTables} as they are in memory, so reading is a checksum and a few views.
 */
export function encodeNgramModel(model: NgramModel): Uint8Array {
  checkLittleEndian();
  const t = model.tables;
  const nodes = t.word.length;
  const wordBytes = new TextEncoder().encode(t.words.join('\n'));
  const header = new TextEncoder().encode(JSON.stringify({ order: t.order, nodes, wordBytes: wordBytes.length, counts: model.counts }));
  const arrays: ArrayBufferView[] = [t.levelStart, t.word, t.logProb, t.backoff, t.firstChild, t.suffix];
  const size = pad4(12 + header.length) + pad4(wordBytes.length) + arrays.reduce((n, a) => n + a.byteLength, 0) + 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(NGRAM_MAGIC), 0);
  view.setUint32(4, NGRAM_FORMAT_VERSION, true);
  view.setUint32(8, header.length, true);
  out.set(header, 12);
  let off = pad4(12 + header.length);
  out.set(wordBytes, off);
  off += pad4(wordBytes.length);
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
    off += a.byteLength;
  }
  view.setUint32(off, crc32(out.subarray(0, off)), true);
  return out;
}

/**
 * Reads a model written by {@link encodeNgramModel}.
 *
 * @throws {LanguageModelError} `corrupt` (wrong magic, truncated, checksum mismatch, inconsistent tables) or
 *   `unsupported-version`; the message says which.
 */
export function decodeNgramModel(bytes: Uint8Array, name = 'language model'): NgramModel {
  checkLittleEndian();
  const corrupt = (why: string): never => {
    throw new LanguageModelError('corrupt', `${name} is not a readable Verbatim LM: ${why}`);
  };
  if (bytes.length < 16) corrupt(`only ${bytes.length} bytes`);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== NGRAM_MAGIC) corrupt(`it does not start with "${NGRAM_MAGIC}"`);
  // a copy when the buffer is not 4-byte aligned, so the tables can be typed-array views
  const buf = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = view.getUint32(4, true);
  if (version !== NGRAM_FORMAT_VERSION) {
    throw new LanguageModelError('unsupported-version', `${name} has format version ${version}; this runtime reads version ${NGRAM_FORMAT_VERSION}`);
  }
  const headerBytes = view.getUint32(8, true);
  if (12 + headerBytes > buf.length) corrupt('truncated header');
  let header: { order?: unknown; nodes?: unknown; wordBytes?: unknown };
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(12, 12 + headerBytes)));
  } catch {
    return corrupt('unreadable header');
  }
  const { order, nodes, wordBytes } = header;
  if (!isCount(order) || !isCount(nodes) || !isCount(wordBytes) || (order as number) < 1 || (order as number) > 9) corrupt('bad header fields');
  const N = order as number;
  const n = nodes as number;
  let off = pad4(12 + headerBytes);
  const expected = off + pad4(wordBytes as number) + 4 * (N + 2) + 4 * n * 4 + 4 * (n + 1) + 4;
  if (buf.length !== expected) corrupt(buf.length < expected ? `truncated (${buf.length} of ${expected} bytes)` : `${buf.length - expected} bytes too many`);
  if (crc32(buf.subarray(0, expected - 4)) !== view.getUint32(expected - 4, true)) corrupt('checksum mismatch (the file is damaged)');
  let words: string[];
  try {
    words = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(off, off + (wordBytes as number))).split('\n');
  } catch {
    return corrupt('word list is not UTF-8');
  }
  off += pad4(wordBytes as number);
  const ints = (count: number): Int32Array => {
    const a = new Int32Array(buf.buffer, buf.byteOffset + off, count);
    off += 4 * count;
    return a;
  };
  const floats = (count: number): Float32Array => {
    const a = new Float32Array(buf.buffer, buf.byteOffset + off, count);
    off += 4 * count;
    return a;
  };
  const tables: NgramTables = {
    order: N,
    words,
    levelStart: ints(N + 2),
    word: ints(n),
    logProb: floats(n),
    backoff: floats(n),
    firstChild: ints(n + 1),
    suffix: ints(n),
  };
  try {
    return new NgramModel(tables);
  } catch (err) {
    if (err instanceof LanguageModelError) return corrupt(err.message);
    throw err;
  }
}

function isCount(x: unknown): boolean {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 2 ** 31;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function checkLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new LanguageModelError('invalid-option', 'the binary LM format is little-endian; this machine is big-endian');
  }
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE), to tell a damaged file from a valid one. */
function crc32(bytes: Uint8Array): number {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = (table[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
