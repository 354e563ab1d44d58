import { readFile, stat } from 'node:fs/promises';
import { DOMAIN_TEXT_LIMITS } from '@verbatim/asr';
import { UsageError } from './parseCliArgs.ts';

/**
 * Reads --domain-text files as UTF-8. All together may hold at most the runtime's domain-text budget; a larger one is
 * refused here rather than silently clipped, since a user passing 50 MB of text expects all of it to count.
 */
export async function loadDomainText(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  let total = 0;
  for (const path of paths) {
    const s = await stat(path).catch(() => undefined);
    if (!s?.isFile()) throw new UsageError(`--domain-text ${path} is not a readable file`);
    total += s.size;
    if (total > DOMAIN_TEXT_LIMITS.totalChars) {
      throw new UsageError(`--domain-text: the files hold ${total} bytes; at most ${DOMAIN_TEXT_LIMITS.totalChars} bytes of domain text are used`);
    }
    const text = await readFile(path, 'utf8');
    if (text.includes('\u0000')) throw new UsageError(`--domain-text ${path} is not a text file`);
    out.push(text);
  }
  return out;
}
