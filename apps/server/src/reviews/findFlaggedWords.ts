import type { MediaStore } from '../media/MediaStore.ts';
import { readTranscriptTurns } from '@verbatim/core/document';
import type { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import type { DocumentStore } from '../yjs/DocumentStore.ts';
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
   * How many flagged words the transcripts read hold: all of the project's flagged words unless `truncated`, in
   * which case it is a lower bound (at least `items.length`).
   */
  total: number;
  /**
   * True when `limit` was reached before every transcript was read: later transcripts were not looked at, so `total`
   * is a lower bound. (`items` holds fewer than `total` whenever more words are flagged than `limit`.)
   */
  truncated: boolean;
  /** The first `limit` flagged words, by transcript (oldest first) then start time. */
  items: FlaggedWord[];
}

/** Where {@link findFlaggedWords} reads from. */
export interface FlaggedWordsSources {
  readonly transcripts: TranscriptStore;
  readonly documents: DocumentStore;
  readonly media: MediaStore;
}

/**
 * The words of a project waiting for review (unreviewed, confidence below `threshold`), read from the transcripts'
 * current documents, oldest transcript first. Bounded work: it stops loading documents once it holds `limit`
 * words (finishing the document at hand, whose other flagged words still count in `total`).
 *
 * @example
 * findFlaggedWords({ transcripts, documents, media }, projectId, { threshold: 0.6, limit: 500 });
 */
export function findFlaggedWords(
  sources: FlaggedWordsSources,
  projectId: string,
  options: { readonly threshold: number; readonly limit: number },
): FlaggedWords {
  const items: FlaggedWord[] = [];
  const records = sources.transcripts.listForProject(projectId);
  let total = 0;
  let read = 0;
  for (const record of records) {
    if (items.length >= options.limit) break;
    const doc = sources.documents.load(record.id);
    let flagged;
    try {
      flagged = flaggedWordsOf(readTranscriptTurns(doc), options.threshold);
    } finally {
      doc.destroy();
    }
    read += 1;
    total += flagged.length;
    const mediaName = sources.media.get(record.mediaId)?.originalName ?? '';
    for (const word of flagged.slice(0, options.limit - items.length)) {
      items.push({ transcriptId: record.id, mediaId: record.mediaId, mediaName, ...word });
    }
  }
  return { threshold: options.threshold, total, truncated: read < records.length, items };
}
