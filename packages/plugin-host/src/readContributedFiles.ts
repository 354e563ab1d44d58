import { realpath, readFile, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { cleanDomainText, parseVocabularyJson, VOCABULARY_LIMITS, type VocabularyEntry } from '@verbatim/plugin-sdk';

/** A contributed file could not be used; the message says why (without the plugin's name). */
export class ContributedFileError extends Error {
  override readonly name = 'ContributedFileError';
  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[] = []) {
    super(message);
    this.problems = problems;
  }
}

/**
 * The absolute path of a file a plugin names, after checking it exists, is a file and (symbolic links resolved) lies
 * inside the package, and is at most `maxBytes` long.
 */
export async function contributedFile(dir: string, rel: string, what: string, maxBytes: number): Promise<string> {
  const file = join(dir, rel);
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new ContributedFileError(`${what} ${rel} does not exist in ${dir}`);
  if (!info.isFile()) throw new ContributedFileError(`${what} ${rel} is not a file`);
  // the manifest's relative path is checked already; a symbolic link could still point out of the package
  const [realDir, realFile] = await Promise.all([realpath(dir), realpath(file)]);
  if (!realFile.startsWith(realDir.endsWith(sep) ? realDir : realDir + sep)) throw new ContributedFileError(`${what} ${rel} resolves outside the package (${realFile})`);
  if (info.size > maxBytes) throw new ContributedFileError(`${what} ${rel} has ${info.size} bytes, at most ${maxBytes} are allowed`);
  return file;
}

/** Reads and validates a static vocabulary file (a JSON array of entries, at most 16 MiB and 100,000 entries). */
export async function readVocabularyFile(dir: string, rel: string): Promise<VocabularyEntry[]> {
  const file = await contributedFile(dir, rel, 'vocabulary file', VOCABULARY_LIMITS.fileBytes);
  const parsed = parseVocabularyJson(await readFile(file, 'utf8'));
  if (!parsed.ok) {
    const shown = parsed.problems.slice(0, 10).join('; ');
    const more = parsed.problems.length > 10 ? ` (and ${parsed.problems.length - 10} more)` : '';
    throw new ContributedFileError(`vocabulary file ${rel} is invalid: ${shown}${more}`, parsed.problems);
  }
  return parsed.entries;
}

/** Reads a domain text file (UTF-8, at most 8 MiB) with control characters other than `\n` and `\t` removed. */
export async function readDomainText(dir: string, rel: string): Promise<string> {
  const file = await contributedFile(dir, rel, 'domain text file', VOCABULARY_LIMITS.domainTextBytes);
  try {
    return cleanDomainText(new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file)));
  } catch (error) {
    if (error instanceof TypeError) throw new ContributedFileError(`domain text file ${rel} is not valid UTF-8`);
    throw error;
  }
}
