// Test support: a tiny real ONNX graph in the shape of a wav2vec2-style CTC export (raw audio in, logits out),
// written without any ONNX tooling. Each output frame depends only on its own `frameSamples` input samples, so
// windowed and whole-signal runs give identical frames: what seam tests need.
import { attrInts, concat, field, node, ONNX_FLOAT, tensor, text, valueInfo, varintField } from './onnxProto.ts';


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
    field(11, valueInfo('input_values', ONNX_FLOAT, [1, 'samples'])),
    field(12, valueInfo('logits', ONNX_FLOAT, [1, 'frames', vocab])),
  ];
  return concat([
    varintField(1, 8), // ir_version
    field(2, text('verbatim-test')),
    field(7, concat(graph)),
    field(8, concat([field(1, text('')), varintField(2, 13)])), // opset 13
  ]);
}

/** Audio that {@link tinyCtcModel} decodes as `frameTokens`, one token per output frame. */
export function tinyCtcSignal(frameTokens: readonly number[], vocab: number, frameSamples: number): Float32Array {
  const x = new Float32Array(frameTokens.length * frameSamples);
  frameTokens.forEach((v, f) => x.fill(tokenLevel(v, vocab), f * frameSamples, (f + 1) * frameSamples));
  return x;
}
