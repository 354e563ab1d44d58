// The model store's installed model as the server uses it. Declared here as the store's interface (plan 13) says it is,
// until `@verbatim/asr/node` exports `ModelStore`; then this file re-exports the store's own types.

/** The package layouts the store installs. */
export type ModelLayout = 'verbatim' | 'sherpa-nemo-ctc' | 'wav2vec2-ctc';

/** Where a fine-tuned model came from, when known. */
export interface ModelLineage {
  readonly parent: { id: string; version: string; sha256: string } | null;
  readonly manifestSha256: string | null;
  readonly trainingSeconds: number | null;
  readonly steps: number | null;
}

/** One installed model version in the content-addressed store. */
export interface InstalledModel {
  readonly id: string;
  readonly version: string;
  /** `id@version`. */
  readonly ref: string;
  /** Content hash of the installed package (every file). */
  readonly sha256: string;
  /** sha256 of the ONNX file (what transcripts made before the store recorded). */
  readonly modelSha256: string;
  readonly layout: ModelLayout;
  readonly source: string;
  readonly installedAt: number;
  readonly installedBy: string | null;
  readonly sizeBytes: number;
  readonly language: string | null;
  readonly calibrated: boolean;
  readonly hasLm: boolean;
  readonly card: string | null;
  readonly eval: unknown;
  readonly lineage: ModelLineage;
  /** Absolute bundle directory in the store (what a transcriber pool loads). */
  readonly dir: string;
}

/** Progress of an install. */
export interface ModelInstallProgress {
  phase: 'download' | 'extract' | 'hash' | 'probe' | 'commit';
  receivedBytes: number;
  totalBytes: number | undefined;
}

/** Options of {@link ModelStoreLike.install}. */
export interface ModelInstallOptions {
  id?: string;
  version?: string;
  sha256?: string;
  installedBy?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ModelInstallProgress) => void;
  maxBytes?: number;
  timeoutMs?: number;
}

/** What the server uses of the model store (`ModelStore` of `@verbatim/asr/node`). */
export interface ModelStoreLike {
  readonly root: string;
  install(source: string, options?: ModelInstallOptions): Promise<InstalledModel>;
  list(): Promise<InstalledModel[]>;
  get(ref: string): Promise<InstalledModel | undefined>;
  findBySha256(sha256: string): Promise<InstalledModel | undefined>;
  remove(ref: string, options?: { inUse?: (model: InstalledModel) => string | undefined }): Promise<InstalledModel>;
}
