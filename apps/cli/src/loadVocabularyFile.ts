import { readFile } from 'node:fs/promises';
import { validateVocabularyEntries, type VocabularyEntry } from '@verbatim/core';
import { UsageError } from './parseCliArgs.ts';

/**
 * Reads a vocabulary file: a JSON array of entries, or `{ "entries": [...] }`. The entries are checked as everywhere
 * else ({@link validateVocabularyEntries}); whether the model can spell them is checked when they compile.
 */
export async function loadVocabularyFile(path: string): Promise<VocabularyEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the vocabulary file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`the vocabulary file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const entries = Array.isArray(json) ? json : (json as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) {
    throw new UsageError(`the vocabulary file ${path} must hold a JSON array of entries or { "entries": [...] }`);
  }
  const problems = validateVocabularyEntries(entries);
  if (problems.length > 0) throw new UsageError([`the vocabulary file ${path} is invalid:`, ...problems.map((p) => `  ${p}`)].join('\n'));
  return entries as VocabularyEntry[];
}
