import type { ModelBundle } from '../src/bundle/ModelBundle.ts';
import { AcousticModel } from '../src/model/AcousticModel.ts';
import type { InferenceRuntime, InferenceSessionHandle } from '../src/model/InferenceRuntime.ts';
import { onnxRuntimeNode } from '../src/node/onnxRuntimeNode.ts';

/**
 * The bundle's model on onnxruntime-node exactly as `loadAcousticModel` loads it, plus a handle on its ONNX session,
 * so the bare `session.run` baseline runs the very session the pipeline uses (same graph, options and thread pool).
 */
export async function loadSharedModel(bundle: ModelBundle, threads: number): Promise<{ model: AcousticModel; session: InferenceSessionHandle }> {
  let session: InferenceSessionHandle | undefined;
  const capturing: InferenceRuntime = {
    ...onnxRuntimeNode,
    async createSession(file, options) {
      session = await onnxRuntimeNode.createSession(file, options);
      return session;
    },
  };
  const model = await AcousticModel.create(bundle, capturing, { intraOpNumThreads: threads });
  return { model, session: session! };
}
