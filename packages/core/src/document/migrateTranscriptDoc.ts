import * as Y from 'yjs';
import { appendParagraph } from './buildTranscriptDoc.ts';
import { encodeReviewMark } from './ReviewMark.ts';
import { TranscriptDocError } from './TranscriptDocError.ts';
import { transcriptDocVersion } from './transcriptDocVersion.ts';
import { REVIEW_MARK_KEY, SLATE_YJS_EMPTY_TEXT, TRANSCRIPT_META, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_KEY, TRANSCRIPT_SCHEMA_VERSION, WORD_TIMING_KEY } from './transcriptDocSchema.ts';
import { isWordOrigin } from './WordOrigin.ts';
import { encodeWordTiming } from './WordTiming.ts';

/** The reviewer a schema-1 mark names when it named no one. */
export const UNKNOWN_REVIEWER = 'unknown';

/**
 * Rewrites a document of an earlier schema into a new document of the current one, text for text and run for run;
 * `source` is not changed. Returns undefined when `source` is already current (or empty). Throws
 * {@link TranscriptDocError} `newer-schema` for a document written by newer code and `migration-failed` when the
 * document does not read as the schema its version says.
 *
 * Schema 1 → 2: each run's `start`, `end`, `conf`, `origin` become one packed `t`; `reviewed`, `reviewedBy`,
 * `reviewedAt` become one packed `r` (a mark that named no reviewer names {@link UNKNOWN_REVIEWER}).
 *
 * @example
 * const migrated = migrateTranscriptDoc(stored);
 * if (migrated) store.replace(docId, Y.encodeStateAsUpdate(migrated));
 */
export function migrateTranscriptDoc(source: Y.Doc): Y.Doc | undefined {
  const version = transcriptDocVersion(source);
  if (version === 0 || version === TRANSCRIPT_SCHEMA_VERSION) return undefined;
  if (Number.isNaN(version)) throw new TranscriptDocError('migration-failed', 'The document records a schema version that is not a number.');
  if (version > TRANSCRIPT_SCHEMA_VERSION) {
    throw new TranscriptDocError('newer-schema', `The document was written in schema ${version}; this server reads schema ${TRANSCRIPT_SCHEMA_VERSION} and older. Upgrade Verbatim to edit it.`);
  }
  const target = new Y.Doc();
  const root = target.get(TRANSCRIPT_ROOT, Y.XmlText);
  target.transact(() => {
    target.getMap(TRANSCRIPT_META).set(TRANSCRIPT_SCHEMA_KEY, TRANSCRIPT_SCHEMA_VERSION);
    (source.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: unknown }>).forEach((op, index) => {
      if (!(op.insert instanceof Y.XmlText)) throw new TranscriptDocError('migration-failed', `Paragraph ${index + 1} is not a paragraph.`);
      const attributes = op.insert.getAttributes() as Record<string, unknown>;
      const speaker = typeof attributes['speaker'] === 'string' ? attributes['speaker'] : '';
      const start = typeof attributes['start'] === 'number' && Number.isFinite(attributes['start']) ? attributes['start'] : 0;
      const delta = (op.insert.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>)
        .filter((run) => run.attributes?.[SLATE_YJS_EMPTY_TEXT] !== true)
        .map((run) => {
          if (typeof run.insert !== 'string') throw new TranscriptDocError('migration-failed', `Paragraph ${index + 1} holds something other than text.`);
          const attributes = schema1Attributes(run.attributes);
          return attributes === undefined ? { insert: run.insert } : { insert: run.insert, attributes };
        });
      appendParagraph(root, { type: 'turn', speaker, start }, delta);
    });
  });
  return target;
}

function schema1Attributes(old: Record<string, unknown> | undefined): Record<string, string> | undefined {
  const { start, end, conf, origin, reviewed, reviewedBy, reviewedAt } = old ?? {};
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end)) return undefined;
  const attributes: Record<string, string> = {
    [WORD_TIMING_KEY]: encodeWordTiming({ start, end, conf: typeof conf === 'number' ? conf : 1, origin: isWordOrigin(origin) ? origin : 'human' }),
  };
  if (reviewed === true) {
    const by = typeof reviewedBy === 'string' && /^[^\s@]{1,200}$/u.test(reviewedBy) ? reviewedBy : UNKNOWN_REVIEWER;
    attributes[REVIEW_MARK_KEY] = encodeReviewMark({ by, at: typeof reviewedAt === 'number' && Number.isFinite(reviewedAt) ? reviewedAt : 0 });
  }
  return attributes;
}
