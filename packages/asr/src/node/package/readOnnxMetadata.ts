import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import protobuf from 'protobufjs/minimal.js';
import { ModelBundleError } from '../../bundle/ModelBundleError.ts';

/** One graph input or output as the ONNX file declares it. */
export interface OnnxValueInfo {
  readonly name: string;
  /** ONNX `TensorProto.DataType` (1 float32, 7 int64, ...), when the value is a tensor with a declared type. */
  readonly elemType: number | undefined;
  /** Declared dimensions: a number, a symbolic name (`"time"`), or undefined for an unnamed unknown; undefined when no shape is declared. */
  readonly dims: readonly (number | string | undefined)[] | undefined;
}

/** What {@link readOnnxMetadata} reads from an ONNX file: its metadata and its graph's interface, never its weights. */
export interface OnnxMetadata {
  readonly irVersion: number | undefined;
  /** `ModelProto.metadata_props`, key to value (sherpa-onnx writes `vocab_size`, `subsampling_factor`, ...). */
  readonly metadata: Readonly<Record<string, string>>;
  /** The graph's inputs, initializers excluded (older exporters list every weight as an input too). */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

// ModelProto, GraphProto, ValueInfoProto, TypeProto and TensorProto field numbers (onnx/onnx.proto3)
const MODEL_IR_VERSION = 1;
const MODEL_GRAPH = 7;
const MODEL_METADATA_PROPS = 14;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const GRAPH_SPARSE_INITIALIZER = 15;
const TENSOR_NAME = 8;
const SPARSE_TENSOR_VALUES = 1;
// a metadata entry or value info larger than this is not one: the file is damaged
const MAX_SMALL_MESSAGE = 1 << 20;

/**
 * Reads an ONNX file's `metadata_props` and its graph's input and output declarations without loading its weights:
 * the protobuf is walked field by field with positional reads (protobufjs's `Reader` on a few header bytes at a time),
 * descending only into the graph, and only the small messages wanted (metadata entries, value infos, tensor names)
 * are read into memory. The initializers (the weights, hundreds of MB for a real model) are skipped by their length
 * prefix, so memory stays bounded whatever the file's size.
 *
 * @throws {ModelBundleError} `onnx-unreadable` naming the file when it is missing, truncated or not an ONNX model.
 * @example
 * const { metadata, inputs, outputs } = await readOnnxMetadata('model.onnx');
 * metadata['vocab_size']; // "28"
 * inputs.map((i) => i.name); // ["audio_signal", "length"]
 */
export async function readOnnxMetadata(file: string): Promise<OnnxMetadata> {
  const fail = (problem: string, cause?: unknown): never => {
    throw new ModelBundleError('onnx-unreadable', `${basename(file)}: ${problem}`, cause === undefined ? undefined : { cause });
  };
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (cause) {
    return fail(`cannot be opened (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`, cause);
  }
  try {
    const size = (await handle.stat()).size;
    if (size === 0) fail('is empty, not an ONNX model');
    const reader = new RegionReader(handle, fail);
    let irVersion: number | undefined;
    const metadata: Record<string, string> = {};
    let graph: { start: number; end: number } | undefined;
    await reader.fields(0, size, async (field, wire, at, end) => {
      if (field === MODEL_IR_VERSION && wire === 0) irVersion = protobuf.Reader.create(await reader.small(at, end)).uint32();
      else if (field === MODEL_METADATA_PROPS && wire === 2) {
        const [key, value] = stringEntry(protobuf.Reader.create(await reader.small(at, end)), fail);
        metadata[key] = value;
      } else if (field === MODEL_GRAPH && wire === 2) graph = { start: at, end };
    });
    if (!graph) return fail('has no graph: not an ONNX model, or a damaged one');
    const inputs: OnnxValueInfo[] = [];
    const outputs: OnnxValueInfo[] = [];
    const initializers = new Set<string>();
    await reader.fields(graph.start, graph.end, async (field, wire, at, end) => {
      if (wire !== 2) return;
      if (field === GRAPH_INPUT) inputs.push(valueInfo(protobuf.Reader.create(await reader.small(at, end)), fail));
      else if (field === GRAPH_OUTPUT) outputs.push(valueInfo(protobuf.Reader.create(await reader.small(at, end)), fail));
      else if (field === GRAPH_INITIALIZER) {
        const name = await tensorName(reader, at, end);
        if (name !== undefined) initializers.add(name);
      } else if (field === GRAPH_SPARSE_INITIALIZER) {
        // SparseTensorProto.values is a TensorProto whose name is the initializer's
        await reader.fields(at, end, async (f, w, a, e) => {
          if (f === SPARSE_TENSOR_VALUES && w === 2) {
            const name = await tensorName(reader, a, e);
            if (name !== undefined) initializers.add(name);
          }
        });
      }
    });
    if (outputs.length === 0) fail('its graph declares no outputs (damaged or not a model)');
    return { irVersion, metadata, inputs: inputs.filter((i) => !initializers.has(i.name)), outputs };
  } finally {
    await handle.close();
  }
}

type Fail = (problem: string, cause?: unknown) => never;

async function tensorName(reader: RegionReader, start: number, end: number): Promise<string | undefined> {
  let name: string | undefined;
  await reader.fields(start, end, async (f, w, a, e) => {
    if (f === TENSOR_NAME && w === 2) name = (await reader.small(a, e)).toString('utf8');
  });
  return name;
}

/** Walks the fields of one message stored at [start, end) of a file, reading only their headers. */
class RegionReader {
  readonly #handle: FileHandle;
  readonly #fail: Fail;
  readonly #header = Buffer.alloc(20);

  constructor(handle: FileHandle, fail: Fail) {
    this.#handle = handle;
    this.#fail = fail;
  }

  /**
   * Calls `visit(field, wireType, valueStart, valueEnd)` for each field in [start, end): for a length-delimited field
   * the value's bytes, for a varint the varint's own bytes. Fixed-width fields are skipped by their width.
   */
  async fields(start: number, end: number, visit: (field: number, wire: number, at: number, end: number) => Promise<void>): Promise<void> {
    let pos = start;
    while (pos < end) {
      const { bytesRead } = await this.#handle.read(this.#header, 0, Math.min(this.#header.length, end - pos), pos);
      const r = protobuf.Reader.create(this.#header.subarray(0, bytesRead));
      let tag: number;
      let valueStart: number;
      let valueEnd: number;
      try {
        tag = r.uint32();
        const wire = tag & 7;
        if (tag >>> 3 === 0) this.#fail(`field number 0 at byte ${pos}: damaged or not an ONNX model`);
        if (wire === 2) {
          const len = r.uint32();
          valueStart = pos + r.pos;
          valueEnd = valueStart + len;
        } else if (wire === 0) {
          valueStart = pos + r.pos;
          r.skip(); // a varint: skip() reads to its last byte
          valueEnd = pos + r.pos;
        } else if (wire === 1 || wire === 5) {
          valueStart = pos + r.pos;
          valueEnd = valueStart + (wire === 1 ? 8 : 4);
        } else {
          return this.#fail(`unsupported protobuf wire type ${wire} at byte ${pos}: damaged or not an ONNX model`);
        }
      } catch (cause) {
        if (cause instanceof ModelBundleError) throw cause;
        return this.#fail(`a field header at byte ${pos} runs past the end of its message: the file is truncated or damaged`, cause);
      }
      if (valueEnd > end) {
        this.#fail(`a field at byte ${pos} needs ${valueEnd - valueStart} bytes but its message ends at byte ${end}: the file is truncated or damaged`);
      }
      await visit(tag >>> 3, tag & 7, valueStart, valueEnd);
      pos = valueEnd;
    }
  }

  /** The bytes [start, end) of a small field, read into memory. */
  async small(start: number, end: number): Promise<Buffer> {
    if (end - start > MAX_SMALL_MESSAGE) this.#fail(`a ${end - start}-byte header field at byte ${start} is implausibly large: the file is damaged`);
    const bytes = Buffer.alloc(end - start);
    const { bytesRead } = await this.#handle.read(bytes, 0, bytes.length, start);
    if (bytesRead !== bytes.length) this.#fail(`ends at byte ${start + bytesRead}, inside a field: the file is truncated`);
    return bytes;
  }
}

/** Reads one message's fields from an in-memory reader (protobufjs throws RangeError on a truncated one). */
function eachField(r: protobuf.Reader, fail: Fail, visit: (field: number, wire: number) => boolean): void {
  try {
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (!visit(tag >>> 3, tag & 7)) r.skipType(tag & 7);
    }
  } catch (cause) {
    if (cause instanceof ModelBundleError) throw cause;
    fail(`a header message is damaged (${(cause as Error).message})`, cause);
  }
}

function stringEntry(r: protobuf.Reader, fail: Fail): [string, string] {
  let key = '';
  let value = '';
  eachField(r, fail, (f, w) => {
    if (w !== 2 || (f !== 1 && f !== 2)) return false;
    if (f === 1) key = r.string();
    else value = r.string();
    return true;
  });
  return [key, value];
}

function valueInfo(r: protobuf.Reader, fail: Fail): OnnxValueInfo {
  let name = '';
  let elemType: number | undefined;
  let dims: (number | string | undefined)[] | undefined;
  eachField(r, fail, (f, w) => {
    if (f === 1 && w === 2) name = r.string();
    else if (f === 2 && w === 2) {
      // TypeProto.tensor_type (1) -> elem_type (1), shape (2) -> dim (1) -> dim_value (1) | dim_param (2)
      const type = sub(r);
      eachField(type, fail, (tf, tw) => {
        if (tf !== 1 || tw !== 2) return false;
        const tensor = sub(type);
        eachField(tensor, fail, (xf, xw) => {
          if (xf === 1 && xw === 0) elemType = tensor.int32();
          else if (xf === 2 && xw === 2) {
            const shape = sub(tensor);
            dims = [];
            eachField(shape, fail, (sf, sw) => {
              if (sf !== 1 || sw !== 2) return false;
              const dim = sub(shape);
              let d: number | string | undefined;
              eachField(dim, fail, (df, dw) => {
                if (df === 1 && dw === 0) d = longToNumber(dim.int64());
                else if (df === 2 && dw === 2) d = dim.string();
                else return false;
                return true;
              });
              dims!.push(d);
              return true;
            });
          } else return false;
          return true;
        });
        return true;
      });
    } else return false;
    return true;
  });
  if (name === '') fail('a graph input or output has no name (damaged model)');
  return { name, elemType, dims };
}

// the length-delimited sub-message at the reader's position, as its own reader (no copy: a view of the same bytes)
function sub(r: protobuf.Reader): protobuf.Reader {
  const len = r.uint32();
  if (r.pos + len > r.len) throw new RangeError(`index out of range: ${r.pos} + ${len} > ${r.len}`);
  const inner = protobuf.Reader.create(r.buf.subarray(r.pos, r.pos + len));
  r.pos += len;
  return inner;
}

// protobufjs gives int64 as a Long (or a number without long.js); dimensions fit a double
function longToNumber(v: number | { low: number; high: number }): number {
  return typeof v === 'number' ? v : v.high * 4294967296 + (v.low >>> 0);
}
