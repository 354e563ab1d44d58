import { HttpError, type HttpErrorStatus } from '../http/HttpError.ts';
import { ModelRegistryError, type ModelRegistryErrorCode } from './ModelRegistryError.ts';

const STATUS: Record<ModelRegistryErrorCode, HttpErrorStatus> = {
  'model-not-found': 422,
  'model-removed': 409,
  'no-default-model': 409,
  'model-in-use': 409,
  'nothing-to-roll-back': 409,
  'no-candidate': 409,
  'promotion-refused': 409,
  'invalid-alias-move': 422,
};

/**
 * Runs `action`, turning a {@link ModelRegistryError} into the {@link HttpError} its code means (422 for a model that
 * is not installed, or `notFound` where the model is the resource itself; 409 for a state that refuses the move).
 */
export async function withModelErrors<T>(action: () => Promise<T> | T, options: { notFound?: 404 | 422 } = {}): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof ModelRegistryError)) throw error;
    const status = error.code === 'model-not-found' ? (options.notFound ?? 422) : STATUS[error.code];
    throw new HttpError(status, error.code, error.message, { cause: error });
  }
}
