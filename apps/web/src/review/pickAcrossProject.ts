import type { FlaggedWordJson, FlaggedWordsResponse } from '@verbatim/core/api';

/** One flagged word of a project (`GET /api/projects/:id/flagged`). */
export type ProjectFlaggedItem = FlaggedWordJson;

/** A page of `GET /api/projects/:id/flagged?threshold=&limit=&after=`. */
export type ProjectFlaggedResponse = FlaggedWordsResponse;

/**
 * Where F8 (direction 1) or Shift+F8 (-1) goes once the open transcript has no further flagged word: the first
 * (last) flagged word of the next (previous) transcript that has one, in the project's transcript order, wrapping
 * around; never the current transcript. Undefined when no other transcript has flagged words.
 */
export function pickAcrossProject(
  items: readonly ProjectFlaggedItem[],
  transcriptOrder: readonly string[],
  currentTranscriptId: string | undefined,
  direction: 1 | -1,
): ProjectFlaggedItem | undefined {
  const byTranscript = new Map<string, ProjectFlaggedItem[]>();
  for (const item of items) {
    if (item.transcriptId === currentTranscriptId) continue;
    const list = byTranscript.get(item.transcriptId) ?? [];
    list.push(item);
    byTranscript.set(item.transcriptId, list);
  }
  if (byTranscript.size === 0) return undefined;
  // transcripts the order does not know go last, in the order the server listed them
  const order = [...transcriptOrder.filter((id) => byTranscript.has(id) || id === currentTranscriptId)];
  for (const id of byTranscript.keys()) if (!order.includes(id)) order.push(id);
  if (currentTranscriptId !== undefined && !order.includes(currentTranscriptId)) order.push(currentTranscriptId);
  const here = currentTranscriptId === undefined ? (direction === 1 ? -1 : order.length) : order.indexOf(currentTranscriptId);
  for (let step = 1; step <= order.length; step++) {
    const id = order[(((here + direction * step) % order.length) + order.length) % order.length]!;
    const list = byTranscript.get(id);
    if (!list) continue;
    const sorted = [...list].sort((a, b) => a.start - b.start);
    return direction === 1 ? sorted[0] : sorted[sorted.length - 1];
  }
  return undefined;
}
