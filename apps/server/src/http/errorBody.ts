/** The body of every error response: a stable machine-readable `code` and a message for people. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** Builds an {@link ErrorBody}. */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
