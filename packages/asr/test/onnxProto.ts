// Test support: the few ONNX protobuf messages the tiny test models need, written field by field without any ONNX
// tooling (wire format: varint keys, length-delimited messages). Shared by tinyCtcModel.ts and modelPackages.ts.

/** ONNX TensorProto data types used by the test models. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** A NodeProto: `op` from `inputs` to `outputs`, with attributes. */
export function node(op: string, inputs: string[], outputs: string[], attrs: Uint8Array[] = []): Uint8Array {
  return concat([...inputs.map((s) => field(1, text(s))), ...outputs.map((s) => field(2, text(s))), field(4, text(op)), ...attrs.map((a) => field(5, a))]);
}

/** An AttributeProto of type INTS. */
export function attrInts(name: string, values: number[]): Uint8Array {
  return concat([field(1, text(name)), ...values.map((v) => varintField(8, v)), varintField(20, 7)]);
}

/** An AttributeProto of type INT. */
export function attrInt(name: string, value: number): Uint8Array {
  return concat([field(1, text(name)), varintField(3, value), varintField(20, 2)]);
}

/** A TensorProto (an initializer) with raw little-endian data. */
export function tensor(name: string, dims: number[], dataType: number, raw: Uint8Array): Uint8Array {
  return concat([...dims.map((d) => varintField(1, d)), varintField(2, dataType), field(8, text(name)), field(9, raw)]);
}

/** A ValueInfoProto of a tensor with `elemType` elements; a string dim is symbolic. */
export function valueInfo(name: string, elemType: number, dims: (number | string)[]): Uint8Array {
  const shape = concat(dims.map((d) => field(1, typeof d === 'number' ? varintField(1, d) : field(2, text(d)))));
  return concat([field(1, text(name)), field(2, field(1, concat([varintField(1, elemType), field(2, shape)])))]);
}

/** UTF-8 bytes of `s`. */
export function text(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** A varint field `num` holding `value`. */
export function varintField(num: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(num << 3), ...varint(value)]);
}

/** A length-delimited field `num` holding `bytes`. */
export function field(num: number, bytes: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...varint((num << 3) | 2), ...varint(bytes.length)]), bytes]);
}

/** The parts one after another. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
