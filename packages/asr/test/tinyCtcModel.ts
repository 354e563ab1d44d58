// Test support: a tiny real ONNX graph in the shape of a wav2vec2-style CTC export (raw audio in, logits out),
// written without any ONNX tooling. Each output frame depends only on its own `frameSamples` input samples, so
// windowed and whole-signal runs give identical frames: what seam tests need.

/** The graph's token levels: a frame whose samples all equal `level(v)` decodes as token v. */
export function tokenLevel(token: number, vocab: number): number {
  return (0.9 * (token + 1)) / (vocab + 1);
}

/**
 * ONNX bytes of `input_values (1, N) -> Unsqueeze -> Conv(kernel = stride = frameSamples) -> Transpose -> logits
 * (1, T, vocab)`, T = floor(N / frameSamples). Logit v of a frame with mean m is `gain * (2 m l_v - l_v^2)`, largest
 * for the level l_v nearest m.
 */
export function tinyCtcModel(vocab: number, frameSamples: number, gain = 1e4): Uint8Array {
  const weights = new Float32Array(vocab * frameSamples);
  const bias = new Float32Array(vocab);
  for (let v = 0; v < vocab; v++) {
    const l = tokenLevel(v, vocab);
    weights.fill((gain * 2 * l) / frameSamples, v * frameSamples, (v + 1) * frameSamples);
    bias[v] = -gain * l * l;
  }
  const graph = [
    field(1, node('Unsqueeze', ['input_values', 'axes'], ['x3'])),
    field(1, node('Conv', ['x3', 'W', 'B'], ['y'], [attrInts('kernel_shape', [frameSamples]), attrInts('strides', [frameSamples])])),
    field(1, node('Transpose', ['y'], ['logits'], [attrInts('perm', [0, 2, 1])])),
    field(2, text('tiny_ctc')),
    field(5, tensor('axes', [1], 7, new Uint8Array(BigInt64Array.of(1n).buffer))),
    field(5, tensor('W', [vocab, 1, frameSamples], 1, new Uint8Array(weights.buffer))),
    field(5, tensor('B', [vocab], 1, new Uint8Array(bias.buffer))),
    field(11, valueInfo('input_values', [1, 'samples'])),
    field(12, valueInfo('logits', [1, 'frames', vocab])),
  ];
  return concat([
    varintField(1, 8), // ir_version
    field(2, text('verbatim-test')),
    field(7, concat(graph)),
    field(8, concat([field(1, text('')), varintField(2, 13)])), // opset 13
  ]);
}

function node(op: string, inputs: string[], outputs: string[], attrs: Uint8Array[] = []): Uint8Array {
  return concat([...inputs.map((s) => field(1, text(s))), ...outputs.map((s) => field(2, text(s))), field(4, text(op)), ...attrs.map((a) => field(5, a))]);
}

function attrInts(name: string, values: number[]): Uint8Array {
  return concat([field(1, text(name)), ...values.map((v) => varintField(8, v)), varintField(20, 7)]);
}

function tensor(name: string, dims: number[], dataType: number, raw: Uint8Array): Uint8Array {
  return concat([...dims.map((d) => varintField(1, d)), varintField(2, dataType), field(8, text(name)), field(9, raw)]);
}

function valueInfo(name: string, dims: (number | string)[]): Uint8Array {
  const shape = concat(dims.map((d) => field(1, typeof d === 'number' ? varintField(1, d) : field(2, text(d)))));
  return concat([field(1, text(name)), field(2, field(1, concat([varintField(1, 1), field(2, shape)])))]);
}

function text(s: string): Uint8Array {
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

function varintField(num: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(num << 3), ...varint(value)]);
}

function field(num: number, bytes: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...varint((num << 3) | 2), ...varint(bytes.length)]), bytes]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Audio that {@link tinyCtcModel} decodes as `frameTokens`, one token per output frame. */
export function tinyCtcSignal(frameTokens: readonly number[], vocab: number, frameSamples: number): Float32Array {
  const x = new Float32Array(frameTokens.length * frameSamples);
  frameTokens.forEach((v, f) => x.fill(tokenLevel(v, vocab), f * frameSamples, (f + 1) * frameSamples));
  return x;
}
