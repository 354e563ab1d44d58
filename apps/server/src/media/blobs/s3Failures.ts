import { S3ServiceException } from '@aws-sdk/client-s3';

/** Whether `error` says that the object is not there (GetObject's NoSuchKey, HeadObject's bare 404). */
export function isMissingObject(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404);
}

/**
 * Whether `error` is worth trying again later: the server answered 5xx or "slow down", or did not answer at all
 * (connection refused or reset, timeout). Refusals (access denied, no such bucket, quota) are not.
 */
export function isTransientS3Failure(error: unknown): boolean {
  if (error instanceof S3ServiceException) return (error.$metadata.httpStatusCode ?? 0) >= 500 || error.name === 'SlowDown' || error.name === 'RequestTimeout';
  return networkCode(error) !== undefined;
}

/** Whether `error` came from the S3 client (the server's answer, or no answer from it). */
export function isS3Failure(error: unknown): boolean {
  return error instanceof S3ServiceException || networkCode(error) !== undefined || (error as Error | null)?.name === 'CredentialsProviderError';
}

/** Why an S3 call failed, in words for a start-up line: a missing bucket, refused credentials, no answer. */
export function describeS3Failure(error: unknown, bucket: string): string {
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode;
    if (error.name === 'NoSuchBucket' || (status === 404 && error.name === 'NotFound')) return bucket === '' ? 'the bucket does not exist' : `the bucket "${bucket}" does not exist`;
    if (status === 403 || /AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|InvalidToken|ExpiredToken/.test(error.name)) {
      // a HEAD request's refusal has no body to name it
      const name = /^(Unknown|\d+)$/.test(error.name) ? [] : [error.name];
      return `the credentials were refused (${[...name, `HTTP ${status ?? 403}`].join(', ')})`;
    }
    return `the store answered ${error.name}${status === undefined ? '' : ` (HTTP ${status})`}${error.message && error.message !== error.name && error.message !== 'UnknownError' ? `: ${error.message}` : ''}`;
  }
  if ((error as Error | null)?.name === 'CredentialsProviderError') return `no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile or role the AWS SDK finds)`;
  const code = networkCode(error);
  if (code !== undefined) return `the endpoint does not answer (${code})`;
  return (error as Error).message;
}

const NETWORK = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|TimeoutError)$/;

function networkCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; name?: unknown; cause?: unknown } | undefined, depth = 0; e !== undefined && e !== null && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && NETWORK.test(e.code)) return e.code;
    if (e.name === 'TimeoutError') return 'TimeoutError';
  }
  return undefined;
}
