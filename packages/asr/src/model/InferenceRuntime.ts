/** A tensor as the ONNX runtime hands it over: flat data and its shape. */
export interface InferenceTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** One loaded ONNX graph (the slice of onnxruntime's `InferenceSession` the runtime uses). */
export interface InferenceSessionHandle {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, InferenceTensor>): Promise<Record<string, InferenceTensor>>;
  release(): Promise<void>;
}

/** Session options the runtime sets. */
export interface InferenceSessionOptions {
  /** Threads one `run` may use inside an operator. */
  intraOpNumThreads: number;
  /** Threads for running independent operators in parallel (1 = sequential). */
  interOpNumThreads: number;
}

/**
 * The ONNX runtime an {@link AcousticModel} runs on: onnxruntime-node in Node (see `node/onnxRuntimeNode.ts`),
 * onnxruntime-web in a browser. Keeps model code free of any one runtime's imports.
 */
export interface InferenceRuntime {
  createSession(modelFile: string, options: InferenceSessionOptions): Promise<InferenceSessionHandle>;
  float32(data: Float32Array, dims: readonly number[]): InferenceTensor;
  int64(data: BigInt64Array, dims: readonly number[]): InferenceTensor;
}
