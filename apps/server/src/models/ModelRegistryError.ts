/** Why the registry refused. */
export type ModelRegistryErrorCode =
  /** The model named is not installed (setting an alias, a job's `model`, a rollback target). */
  | 'model-not-found'
  /** An alias points at a model that was removed from the store since. */
  | 'model-removed'
  /** No deployment default is set (a fresh store the server could not seed). */
  | 'no-default-model'
  /** The model is used by an alias or a queued or running job. */
  | 'model-in-use'
  /** The alias has no earlier value to go back to. */
  | 'nothing-to-roll-back'
  /** There is no candidate to promote. */
  | 'no-candidate'
  /** The promotion gate refused (its reason is the message). */
  | 'promotion-refused'
  /** The deployment default cannot be cleared. */
  | 'invalid-alias-move';

/** A refusal of the model registry; `message` says which model or alias and what to do. */
export class ModelRegistryError extends Error {
  override readonly name = 'ModelRegistryError';
  readonly code: ModelRegistryErrorCode;

  constructor(code: ModelRegistryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
