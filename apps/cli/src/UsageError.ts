/** A command-line mistake: printed with the usage and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
