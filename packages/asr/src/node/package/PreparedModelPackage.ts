/** The package layouts {@link prepareModelPackage} recognises. */
export type ModelLayout = 'verbatim' | 'sherpa-nemo-ctc' | 'wav2vec2-ctc';

/** Where a fine-tuned model came from (lineage.json, or model.json `lineage`), when the package says. */
export interface ModelPackageLineage {
  readonly parent: { readonly id: string; readonly version: string; readonly sha256: string } | null;
  readonly manifestSha256: string | null;
  readonly trainingSeconds: number | null;
  readonly steps: number | null;
}

/** A model package directory read and described, ready to be copied into a store: what {@link prepareModelPackage} returns. */
export interface PreparedModelPackage {
  readonly layout: ModelLayout;
  /**
   * The complete model.json to write into the installed copy: generated for `sherpa-nemo-ctc` and `wav2vec2-ctc`,
   * the bundle's own (with id/version overridden if asked) for `verbatim`.
   */
  readonly modelJson: Record<string, unknown>;
  /**
   * Relative (posix) paths of the files that make up the package, sorted: what the store copies and hashes. For a
   * generated layout never model.json; for `verbatim` it includes model.json. Either way the installed copy's
   * model.json is {@link PreparedModelPackage.modelJson} (for `verbatim` it differs from the file only by an id or
   * version override).
   */
  readonly files: readonly string[];
  /** Whether model.json has a confidence calibration; when false word confidence is a raw score, not a probability. */
  readonly calibrated: boolean;
  /** Whether the package brings its own word language model. */
  readonly hasLm: boolean;
  /** MODEL_CARD.md (or README.md) text, if the package has one. */
  readonly card: string | undefined;
  /** eval.json parsed, if present. */
  readonly eval: unknown;
  /** lineage.json, or model.json `lineage`, if present. */
  readonly lineage: ModelPackageLineage | undefined;
}
