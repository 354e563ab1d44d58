/**
 * The layout of a transcript's collaborative document (a Y.Doc), declared once for the server, the workbench, the
 * exporters, the plugin host and the monitoring code.
 *
 * - `doc.get(TRANSCRIPT_ROOT, Y.XmlText)` holds one embedded `Y.XmlText` per paragraph (the layout @slate-yjs 1.x
 *   binds a Slate editor to). A paragraph's attributes are {@link TurnAttributes}.
 * - A paragraph's text is one run per word, separated by plain spaces without attributes. A word's run carries at
 *   most two formatting attributes, each one compact string:
 *   - {@link WORD_TIMING_KEY} (`t`): start, end, calibrated confidence and origin (see `encodeWordTiming`);
 *   - {@link REVIEW_MARK_KEY} (`r`): who confirmed the word and when (see `encodeReviewMark`); absent = not reviewed.
 *   Keeping timing in the text's own formatting (rather than in a side table keyed by word ids) means a timing
 *   travels with its characters through every concurrent edit without any bookkeeping; packing it into one string
 *   (rather than one attribute per field, schema 1) cut the 3-hour transcript's sync from 6.4 MB to 2.1 MB
 *   (as Yjs V1 updates; the workbench is now sent it as a V2 update, 1.2 MB).
 * - `doc.getMap(TRANSCRIPT_META)` holds {@link TRANSCRIPT_SCHEMA_KEY}: the schema version the document was written in.
 *   Schema 1 documents (per-field attributes `start`, `end`, `conf`, `origin`, `reviewed`, `reviewedBy`,
 *   `reviewedAt`) have no meta map; `migrateTranscriptDoc` rewrites them.
 */

/** Name of the root `Y.XmlText` that holds the paragraphs. */
export const TRANSCRIPT_ROOT = 'content';

/** Name of the root `Y.Map` with the document's metadata. */
export const TRANSCRIPT_META = 'meta';

/** Key of the schema version in {@link TRANSCRIPT_META}. */
export const TRANSCRIPT_SCHEMA_KEY = 'schema';

/** The schema version this code reads and writes. */
export const TRANSCRIPT_SCHEMA_VERSION = 2;

/** Formatting attribute of a word's run: its packed timing, confidence and origin. */
export const WORD_TIMING_KEY = 't';

/** Formatting attribute of a word's run: its packed review mark. The only attribute a reviewer may change. */
export const REVIEW_MARK_KEY = 'r';

/** Attribute @slate-yjs puts on the zero-width text it stores for an empty Slate text node. */
export const SLATE_YJS_EMPTY_TEXT = '__slateYjsEmptyText';

/** Most words a new document puts in one paragraph (a longer turn becomes several paragraphs of the same speaker). */
export const MAX_WORDS_PER_PARAGRAPH = 200;

/** The attributes of one paragraph element (a turn, or part of a long one). */
export interface TurnAttributes {
  type: 'turn';
  speaker: string;
  /** Seconds. */
  start: number;
}
