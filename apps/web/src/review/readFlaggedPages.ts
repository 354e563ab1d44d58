import type { ApiClient } from '../platform/ApiClient.ts';
import type { ProjectFlaggedResponse } from './pickAcrossProject.ts';

/** What {@link readFlaggedPages} reads and when it stops. */
export interface ReadFlaggedPagesOptions {
  readonly threshold: number;
  /** Words per request. */
  readonly pageSize: number;
  /** The page to start after (a page's `next`); from the first word when absent. */
  readonly after?: string | null | undefined;
  /** Stop once this holds for the pages read so far (default: read every page). */
  readonly enough?: (pages: readonly ProjectFlaggedResponse[]) => boolean;
  readonly signal?: AbortSignal;
}

/**
 * Reads `GET /api/projects/:id/flagged` a page at a time (`next`, then `?after=`), until no page follows or `enough`
 * holds; resolves with the pages in order.
 *
 * @example
 * const pages = await readFlaggedPages(api, projectId, { threshold: 0.6, pageSize: 500, enough: (p) => p.length >= 2 });
 */
export async function readFlaggedPages(api: Pick<ApiClient, 'get'>, projectId: string, options: ReadFlaggedPagesOptions): Promise<ProjectFlaggedResponse[]> {
  const pages: ProjectFlaggedResponse[] = [];
  let after = options.after ?? null;
  do {
    const query = `threshold=${options.threshold}&limit=${options.pageSize}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`;
    const page = await api.get<ProjectFlaggedResponse>(`/api/projects/${encodeURIComponent(projectId)}/flagged?${query}`, options.signal);
    pages.push(page);
    after = options.enough?.(pages) ? null : page.next;
  } while (after !== null);
  return pages;
}
