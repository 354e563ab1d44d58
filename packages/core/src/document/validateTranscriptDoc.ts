import * as Y from 'yjs';
import { decodeReviewMark } from './ReviewMark.ts';
import { REVIEW_MARK_KEY, SLATE_YJS_EMPTY_TEXT, TRANSCRIPT_ROOT, WORD_TIMING_KEY } from './transcriptDocSchema.ts';
import { decodeWordTiming } from './WordTiming.ts';

/** One thing wrong with a transcript document, and where (paragraph index, and run index within it). */
export interface TranscriptDocProblem {
  paragraph?: number;
  run?: number;
  message: string;
}

const KNOWN_RUN_KEYS = new Set([WORD_TIMING_KEY, REVIEW_MARK_KEY, SLATE_YJS_EMPTY_TEXT]);

/**
 * Checks a document against the current schema (see `transcriptDocSchema.ts`): the root holds only paragraphs; each
 * paragraph is a turn with a speaker and a finite start; each run carries only known attributes, a timing that
 * decodes and a review mark that decodes. Returns at most `limit` problems (default 20); none means valid.
 */
export function validateTranscriptDoc(doc: Y.Doc, limit = 20): TranscriptDocProblem[] {
  const problems: TranscriptDocProblem[] = [];
  const add = (problem: TranscriptDocProblem) => problems.length < limit && problems.push(problem);
  const root = doc.get(TRANSCRIPT_ROOT, Y.XmlText);
  (root.toDelta() as Array<{ insert: unknown }>).forEach((op, paragraphIndex) => {
    if (!(op.insert instanceof Y.XmlText)) {
      add({ paragraph: paragraphIndex, message: 'the document root holds something other than a paragraph' });
      return;
    }
    const attributes = op.insert.getAttributes() as Record<string, unknown>;
    if (attributes['type'] !== 'turn') add({ paragraph: paragraphIndex, message: 'a paragraph is not a turn' });
    if (typeof attributes['speaker'] !== 'string') add({ paragraph: paragraphIndex, message: 'a turn has no speaker' });
    if (typeof attributes['start'] !== 'number' || !Number.isFinite(attributes['start'])) add({ paragraph: paragraphIndex, message: 'a turn has no start time' });
    (op.insert.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>).forEach((run, runIndex) => {
      const where = { paragraph: paragraphIndex, run: runIndex };
      if (typeof run.insert !== 'string') return add({ ...where, message: 'a paragraph holds something other than text' });
      for (const key of Object.keys(run.attributes ?? {})) {
        if (!KNOWN_RUN_KEYS.has(key)) return add({ ...where, message: `a word carries the unknown attribute "${key.slice(0, 40)}"` });
      }
      const timing = run.attributes?.[WORD_TIMING_KEY];
      if (timing !== undefined && decodeWordTiming(timing) === undefined) add({ ...where, message: 'a word carries a timing that does not decode' });
      const mark = run.attributes?.[REVIEW_MARK_KEY];
      if (mark !== undefined && decodeReviewMark(mark) === undefined) add({ ...where, message: 'a word carries a review mark that does not decode' });
      return undefined;
    });
  });
  return problems;
}
