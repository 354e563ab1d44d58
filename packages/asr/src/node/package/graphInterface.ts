import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import type { OnnxMetadata, OnnxValueInfo } from './readOnnxMetadata.ts';

// ONNX TensorProto.DataType
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** The graph's signal input, its optional length input, its CTC output and its optional output lengths. */
export interface GraphInterface {
  readonly input: OnnxValueInfo;
  readonly lengthInput: OnnxValueInfo | undefined;
  readonly output: OnnxValueInfo;
  readonly lengthOutput: OnnxValueInfo | undefined;
}

/**
 * Picks a CTC graph's inputs and outputs by their declarations: the float input of `inputRank` dimensions, the int64
 * `(batch,)` length input, the float `(batch, frames, vocab)` output and an int64 output of lengths. Anything else the
 * graph needs is refused: the runtime could not feed it.
 *
 * @throws {ModelBundleError} `model-mismatch` naming the file and what its graph declares.
 */
export function graphInterface(meta: OnnxMetadata, file: string, inputRank: number): GraphInterface {
  const describe = (vs: readonly OnnxValueInfo[]): string =>
    vs.map((v) => `${v.name} (${v.dims ? v.dims.map((d) => d ?? '?').join(', ') : 'no shape'})`).join(', ') || 'none';
  const fail = (problem: string): never => {
    throw new ModelBundleError('model-mismatch', `${file}: ${problem}; its inputs are ${describe(meta.inputs)} and its outputs ${describe(meta.outputs)}`);
  };
  const isFloat = (v: OnnxValueInfo): boolean => v.elemType === undefined || v.elemType === ONNX_FLOAT;
  const signals = meta.inputs.filter((v) => isFloat(v) && (v.dims === undefined || v.dims.length === inputRank));
  if (signals.length !== 1) fail(`expected exactly one float input of ${inputRank} dimensions`);
  const input = signals[0]!;
  const others = meta.inputs.filter((v) => v !== input);
  const lengthInput = others.find((v) => v.elemType === ONNX_INT64 && (v.dims === undefined || v.dims.length === 1));
  const unknown = others.filter((v) => v !== lengthInput);
  if (unknown.length > 0) fail(`input ${unknown.map((v) => v.name).join(', ')} is neither the signal nor its length, and the runtime cannot feed it`);
  const outputs = meta.outputs.filter((v) => isFloat(v) && (v.dims === undefined || v.dims.length === 3));
  if (outputs.length === 0) fail('expected a float output of 3 dimensions (batch, frames, vocab)');
  // several float outputs (an encoder output beside the CTC head): the log-probs by name, else the first
  const output = outputs.find((v) => /log.?prob|logits/i.test(v.name)) ?? outputs[0]!;
  const lengthOutput = meta.outputs.find((v) => v.elemType === ONNX_INT64 && (v.dims === undefined || v.dims.length === 1));
  return { input, lengthInput, output, lengthOutput };
}

/** The declared vocabulary width of a `(batch, frames, vocab)` output, when it is a number. */
export function declaredVocab(output: OnnxValueInfo): number | undefined {
  const d = output.dims?.[2];
  return typeof d === 'number' && d > 0 ? d : undefined;
}
