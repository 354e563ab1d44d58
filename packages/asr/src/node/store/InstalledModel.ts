import type { ModelLayoutJson, ModelLineageJson } from '@verbatim/core/api';

/** The package layouts the store installs (see `prepareModelPackage`). */
export type InstalledModelLayout = ModelLayoutJson;

/** Where a fine-tuned model came from, when known (as `InstalledModelJson.lineage`). */
export type ModelLineage = ModelLineageJson;

/** One model version in the store. Immutable: a new version is a new entry. */
export interface InstalledModel {
  readonly id: string;
  readonly version: string;
  /** `<id>@<version>`. */
  readonly ref: string;
  /** Content hash of the package: sha256 over every package file's hash and path (see `packageSha256`). */
  readonly sha256: string;
  /** sha256 of the ONNX file (what transcripts recorded before the store existed). */
  readonly modelSha256: string;
  readonly layout: InstalledModelLayout;
  /** Where it was installed from: a path or URL (credentials removed). */
  readonly source: string;
  /** ms since the epoch. */
  readonly installedAt: number;
  /** A user id, or `cli:<os user>`. */
  readonly installedBy: string | null;
  /** Bytes of the package files. */
  readonly sizeBytes: number;
  readonly language: string | null;
  /** Whether word confidence is a calibrated probability (model.json has `confidence.calibration`). */
  readonly calibrated: boolean;
  readonly hasLm: boolean;
  /** The package's model card (Markdown), if any. */
  readonly card: string | null;
  /** The package's eval.json, if any. */
  readonly eval: unknown;
  readonly lineage: ModelLineage;
  /** Absolute bundle directory in the store: `loadModelBundle(dir)` and `new TranscriberPool({ bundleDir: dir })` work on it. */
  readonly dir: string;
}

/**
 * How far an install is: `download` counts bytes received, `extract` bytes of the archive read (of its size), `hash`
 * bytes copied into the store; `probe` and `commit` have no count. `totalBytes` is undefined where it is not known (a
 * download without Content-Length).
 */
export interface ModelInstallProgress {
  readonly phase: 'download' | 'extract' | 'hash' | 'probe' | 'commit';
  readonly receivedBytes: number;
  readonly totalBytes: number | undefined;
}
