import type { MediaStore } from '../media/MediaStore.ts';
import { readTranscriptTurns } from '@verbatim/core/document';
import type { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import type { DocumentStore } from '../yjs/DocumentStore.ts';
import { type FlaggedCursor, isAfterFlaggedCursor } from './FlaggedCursor.ts';
import { flaggedWordsOf } from './flaggedWordsOf.ts';

/** A flagged word of a project, with where it is. Times in seconds. */
export interface FlaggedWord {
  transcriptId: string;
  mediaId: string;
  /** The uploaded file's name; empty when the media was deleted since. */
  mediaName: string;
  text: string;
  start: number;
  end: number;
  confidence: number;
  context: string;
}

/** What {@link findFlaggedWords} found. */
export interface FlaggedWords {
  threshold: number;
  /**
   * How many flagged words the transcripts read hold (from the cursor on, when one was given): all of the project's
   * remaining flagged words unless `truncated`, in which case it is a lower bound (at least `items.length`).
   */
  total: number;
  /**
   * True when `limit` was reached before every transcript was read: later transcripts were not looked at, so `total`
   * is a lower bound. (`items` holds fewer than `total` whenever more words are flagged than `limit`.)
   */
  truncated: boolean;
  /** The first `limit` flagged words (after the cursor), by transcript (oldest first) then start time. */
  items: FlaggedWord[];
  /** Where the next page starts (the last item), when words may remain past `items`; null when none do. */
  next: FlaggedCursor | null;
}

/** Where {@link findFlaggedWords} reads from. */
export interface FlaggedWordsSources {
  readonly transcripts: TranscriptStore;
  readonly documents: DocumentStore;
  readonly media: MediaStore;
}

/**
 * The words of a project waiting for review (unreviewed, confidence below `threshold`), read from the transcripts'
 * current documents, oldest transcript first, starting after `after` (a page's `next`). Bounded work: it loads no
 * document before the cursor's transcript, and stops loading documents once it holds `limit` words (finishing the
 * document at hand, whose other flagged words still count in `total`).
 *
 * @example
 * const page = findFlaggedWords({ transcripts, documents, media }, projectId, { threshold: 0.6, limit: 500 });
 * const more = page.next && findFlaggedWords({ transcripts, documents, media }, projectId, { threshold: 0.6, limit: 500, after: page.next });
 */
export function findFlaggedWords(
  sources: FlaggedWordsSources,
  projectId: string,
  options: { readonly threshold: number; readonly limit: number; readonly after?: FlaggedCursor | undefined },
): FlaggedWords {
  const { after } = options;
  const items: FlaggedWord[] = [];
  const records = sources.transcripts.listForProject(projectId).filter(
    (record) => after === undefined || isAfterFlaggedCursor(after, record.createdAt, record.id, Infinity, Infinity),
  );
  let total = 0;
  let read = 0;
  let left = false;
  for (const record of records) {
    if (items.length >= options.limit) break;
    const doc = sources.documents.load(record.id);
    let flagged;
    try {
      flagged = flaggedWordsOf(readTranscriptTurns(doc), options.threshold);
    } finally {
      doc.destroy();
    }
    if (after !== undefined && record.id === after.transcriptId) flagged = flagged.filter((word) => isAfterFlaggedCursor(after, record.createdAt, record.id, word.start, word.end));
    read += 1;
    total += flagged.length;
    const mediaName = sources.media.get(record.mediaId)?.originalName ?? '';
    const taken = flagged.slice(0, options.limit - items.length);
    for (const word of taken) items.push({ transcriptId: record.id, mediaId: record.mediaId, mediaName, ...word });
    if (taken.length < flagged.length) left = true;
  }
  const truncated = read < records.length;
  const last = items.at(-1);
  const lastRecord = last === undefined ? undefined : records.find((record) => record.id === last.transcriptId);
  const next = (truncated || left) && last !== undefined && lastRecord !== undefined
    ? { createdAt: lastRecord.createdAt, transcriptId: last.transcriptId, start: last.start, end: last.end }
    : null;
  return { threshold: options.threshold, total, truncated, items, next };
}
