// Paging through a project's flagged words against a stand-in of the API's pages (the real route pages in
// apps/server's reviewRoutes.test.ts and, end to end, tests/browser/reviewPaging.test.ts).
import { describe, expect, it } from 'vitest';
import type { ProjectFlaggedResponse } from './pickAcrossProject.ts';
import { readFlaggedPages } from './readFlaggedPages.ts';

const page = (texts: string[], next: string | null): ProjectFlaggedResponse => ({
  threshold: 0.6,
  total: texts.length,
  truncated: next !== null,
  next,
  items: texts.map((text, i) => ({ transcriptId: '00000000-0000-4000-8000-000000000000', mediaId: 'm', mediaName: 'a.wav', text, start: i, end: i + 0.5, confidence: 0.3, context: text })),
});

function api(pages: Record<string, ProjectFlaggedResponse>) {
  const asked: string[] = [];
  return {
    asked,
    async get<T>(path: string): Promise<T> {
      asked.push(path);
      const after = new URL(path, 'http://x').searchParams.get('after') ?? '';
      return pages[after] as T;
    },
  };
}

describe('readFlaggedPages', () => {
  it('follows next until none is left, sending each back as ?after=', async () => {
    const server = api({ '': page(['a'], 'c/1+'), 'c/1+': page(['b'], 'c2'), c2: page(['c'], null) });
    const pages = await readFlaggedPages(server, 'p 1', { threshold: 0.6, pageSize: 1 });
    expect(pages.flatMap((p) => p.items.map((i) => i.text))).toEqual(['a', 'b', 'c']);
    expect(server.asked).toEqual([
      '/api/projects/p%201/flagged?threshold=0.6&limit=1',
      '/api/projects/p%201/flagged?threshold=0.6&limit=1&after=c%2F1%2B',
      '/api/projects/p%201/flagged?threshold=0.6&limit=1&after=c2',
    ]);
  });

  it('starts after a given page and stops as soon as enough was read', async () => {
    const server = api({ '': page(['a'], 'c1'), c1: page(['b'], 'c2'), c2: page(['c'], null) });
    const pages = await readFlaggedPages(server, 'p', { threshold: 0.6, pageSize: 1, after: 'c1', enough: () => true });
    expect(pages.flatMap((p) => p.items.map((i) => i.text))).toEqual(['b']);
    expect(server.asked).toHaveLength(1);
  });
});
