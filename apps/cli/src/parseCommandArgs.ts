import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { UsageError } from './UsageError.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One command's arguments, strictly (an unknown option or a missing value is a {@link UsageError} with node's own
 * message), positionals allowed.
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The project id a server command takes as its one positional argument, checked and lower-cased. */
export function projectIdArgument(command: string, positionals: readonly string[]): string {
  const [projectId, ...rest] = positionals;
  if (projectId === undefined) throw new UsageError(`${command} needs a project id (the workbench shows it in the project settings; GET /api/projects lists them)`);
  if (!UUID.test(projectId)) throw new UsageError(`"${projectId}" is not a project id (a UUID)`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  return projectId.toLowerCase();
}

/** Refuses a `--server` value that is not an http(s) URL. */
export function checkServerUrl(server: string | undefined): void {
  if (server !== undefined && !/^https?:\/\/[^\s]+$/i.test(server)) throw new UsageError(`--server must be an http(s) URL, got "${server}"`);
}
