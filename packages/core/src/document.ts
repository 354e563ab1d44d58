// @verbatim/core/document: the transcript's collaborative document (a Y.Doc), declared once: its layout and schema
// version, the packed word timing and review mark, building, reading, validating and migrating it. Runtime-neutral.
export {
  MAX_WORDS_PER_PARAGRAPH,
  REVIEW_MARK_KEY,
  SLATE_YJS_EMPTY_TEXT,
  TRANSCRIPT_META,
  TRANSCRIPT_ROOT,
  TRANSCRIPT_SCHEMA_KEY,
  TRANSCRIPT_SCHEMA_VERSION,
  WORD_TIMING_KEY,
} from './document/transcriptDocSchema.ts';
export type { TurnAttributes } from './document/transcriptDocSchema.ts';
export { isWordOrigin } from './document/WordOrigin.ts';
export type { WordOrigin } from './document/WordOrigin.ts';
export { decodeWordTiming, encodeWordTiming, MAX_WORD_TIMING_CHARS } from './document/WordTiming.ts';
export type { WordTiming } from './document/WordTiming.ts';
export { decodeReviewMark, encodeReviewMark, isReviewMarkValue, MAX_REVIEWER_ID_CHARS } from './document/ReviewMark.ts';
export type { ReviewMark } from './document/ReviewMark.ts';
export { wordOfAttributes } from './document/wordOfAttributes.ts';
export type { WordAttributes } from './document/wordOfAttributes.ts';
export { appendParagraph, buildTranscriptDoc } from './document/buildTranscriptDoc.ts';
export type { BuildTranscriptDocOptions } from './document/buildTranscriptDoc.ts';
export { readParagraph, readTranscriptTurns, readTranscriptWords } from './document/readTranscriptTurns.ts';
export type { TranscriptDocTurn, TranscriptDocWord } from './document/readTranscriptTurns.ts';
export { TranscriptDocError } from './document/TranscriptDocError.ts';
export type { TranscriptDocErrorCode } from './document/TranscriptDocError.ts';
export { transcriptDocVersion } from './document/transcriptDocVersion.ts';
export { validateTranscriptDoc } from './document/validateTranscriptDoc.ts';
export type { TranscriptDocProblem } from './document/validateTranscriptDoc.ts';
export { migrateTranscriptDoc, UNKNOWN_REVIEWER } from './document/migrateTranscriptDoc.ts';
