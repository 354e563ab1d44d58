/** Which account, credential or membership check failed. */
export type AuthErrorCode =
  | 'password-too-short'
  | 'password-too-long'
  | 'password-too-weak'
  | 'password-hashing-busy'
  | 'invalid-password-hash'
  | 'invalid-email'
  | 'email-taken'
  | 'invalid-display-name'
  | 'user-not-found'
  | 'invalid-token-name'
  | 'invalid-token-scope'
  | 'invalid-token-expiry'
  | 'invalid-project-name'
  | 'invalid-review-threshold'
  | 'project-not-found'
  | 'invalid-role'
  | 'last-owner'
  | 'unknown-action';

/**
 * Bad input to an account, session, token or project-membership function. `code` says which check failed;
 * the message is written for the person who sent the input (it never says whether another account exists
 * beyond what `email-taken` must reveal at sign-up).
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;

  constructor(code: AuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
