import * as ort from 'onnxruntime-node';
import type { InferenceRuntime, InferenceSessionHandle } from '../model/InferenceRuntime.ts';

/** {@link InferenceRuntime} on onnxruntime-node (CPU). */
export const onnxRuntimeNode: InferenceRuntime = {
  async createSession(modelFile, options) {
    const session = await ort.InferenceSession.create(modelFile, {
      ...(options.intraOpNumThreads > 0 ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
      interOpNumThreads: options.interOpNumThreads,
      executionMode: options.interOpNumThreads > 1 ? 'parallel' : 'sequential',
      graphOptimizationLevel: 'all',
      executionProviders: ['cpu'],
    });
    return session as unknown as InferenceSessionHandle;
  },
  float32: (data, dims) => new ort.Tensor('float32', data, dims),
  int64: (data, dims) => new ort.Tensor('int64', data, dims),
};
