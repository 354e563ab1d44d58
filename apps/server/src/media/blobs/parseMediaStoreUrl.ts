/** An S3 bucket and the key prefix under which Verbatim keeps its objects. */
export interface S3Location {
  readonly bucket: string;
  /** Empty, or ending in `/`. */
  readonly prefix: string;
}

// S3's rules for a bucket name (lower-case letters, digits, dots and hyphens, 3 to 63)
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The bucket and prefix of `s3://bucket/prefix` (`--media-store`); returns a message saying what is wrong otherwise.
 *
 * @example
 * parseMediaStoreUrl('s3://verbatim-media/prod') // { bucket: 'verbatim-media', prefix: 'prod/' }
 */
export function parseMediaStoreUrl(text: string): S3Location | string {
  const match = /^s3:\/\/([^/]*)\/?(.*)$/.exec(text.trim());
  if (match === null) return 'must be an S3 URL such as s3://verbatim-media or s3://verbatim-media/some/prefix';
  const [, bucket = '', rest = ''] = match;
  if (!BUCKET.test(bucket)) return `names the bucket "${bucket}", which is not a valid S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)`;
  const prefix = rest.replace(/^\/+|\/+$/g, '');
  return { bucket, prefix: prefix === '' ? '' : `${prefix}/` };
}
