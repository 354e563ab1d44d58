import type { ModelBundle } from '../bundle/ModelBundle.ts';
import { AcousticModel, type AcousticModelOptions } from '../model/AcousticModel.ts';
import { onnxRuntimeNode } from './onnxRuntimeNode.ts';

/**
 * The bundle's acoustic model on onnxruntime-node: one session, reused for every call; `dispose()` releases it.
 *
 * @example
 * const model = await loadAcousticModel(await loadModelBundle(dir), { intraOpNumThreads: 2 });
 */
export function loadAcousticModel(bundle: ModelBundle, options: AcousticModelOptions = {}): Promise<AcousticModel> {
  return AcousticModel.create(bundle, onnxRuntimeNode, options);
}
