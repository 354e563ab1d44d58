import { TRANSCRIPT_SCHEMA_VERSION, TranscriptDocError, type TranscriptDocErrorCode, transcriptDocVersion, validateTranscriptDoc } from '@verbatim/core/document';
import type * as Y from 'yjs';

/**
 * Why a stored transcript document opens read-only for everyone: it fails validation, a newer Verbatim wrote it, or
 * its migration to the current schema failed. The room then accepts no document update from anyone and the REST
 * endpoints that record changes to it answer 409; the stored document is never rewritten.
 */
export interface ReadOnlyDocument {
  readonly code: TranscriptDocErrorCode;
  /** One sentence for the user: what is wrong and what to do (the room's `MESSAGE_DOCUMENT_NOTICE`, the 409's message). */
  readonly notice: string;
  /** What exactly, for the server's log. */
  readonly detail: string;
}

/**
 * Whether a document in the current schema (or an empty one) may be edited: undefined when it may, else why not (a
 * newer schema, or what `validateTranscriptDoc` found). A document of an older schema must be migrated first.
 */
export function readOnlyReasonOf(doc: Y.Doc): ReadOnlyDocument | undefined {
  const version = transcriptDocVersion(doc);
  if (version > TRANSCRIPT_SCHEMA_VERSION) {
    return {
      code: 'newer-schema',
      notice: `This transcript was saved by a newer version of Verbatim (schema ${version}); it is open read-only. Upgrade Verbatim to edit it.`,
      detail: `the document is in schema ${version}; this server writes schema ${TRANSCRIPT_SCHEMA_VERSION}`,
    };
  }
  if (Number.isNaN(version)) return invalid('the document records a schema version that is not a whole number');
  const problems = validateTranscriptDoc(doc, 3);
  if (problems.length === 0) return undefined;
  return invalid(problems.map((p) => `${p.paragraph === undefined ? '' : `paragraph ${p.paragraph + 1}: `}${p.message}`).join('; '));
}

/** The read-only reason of a document whose migration threw `error` (a `TranscriptDocError` or anything else). */
export function migrationFailure(error: unknown): ReadOnlyDocument {
  if (error instanceof TranscriptDocError && error.code === 'newer-schema') {
    return { code: 'newer-schema', notice: 'This transcript was saved by a newer version of Verbatim; it is open read-only. Upgrade Verbatim to edit it.', detail: error.message };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'migration-failed',
    notice: 'This transcript was saved by an older version of Verbatim and could not be converted to the current format; it is open read-only, unchanged. Ask your administrator to look at the server log.',
    detail: `migration failed: ${detail}`,
  };
}

function invalid(detail: string): ReadOnlyDocument {
  return {
    code: 'invalid-document',
    notice: 'This transcript\'s document is damaged (it does not match the format Verbatim writes); it is open read-only so nothing more is lost. Ask your administrator to look at the server log.',
    detail: `the document fails validation: ${detail}`,
  };
}

const marked = new WeakMap<Y.Doc, ReadOnlyDocument>();

/** Records that `doc` (a room's loaded document) is read-only, so that readers of the live document learn it at no cost. */
export function markReadOnly(doc: Y.Doc, reason: ReadOnlyDocument): void {
  marked.set(doc, reason);
}

/** Why `doc` (a room's loaded document) is read-only, as its room recorded it; undefined when it is not. */
export function readOnlyMarkOf(doc: Y.Doc): ReadOnlyDocument | undefined {
  return marked.get(doc);
}

/** A change was asked of a read-only transcript document (answered 409 with `notice` as the message). */
export class ReadOnlyDocumentError extends Error {
  override readonly name = 'ReadOnlyDocumentError';
  readonly code = 'document-read-only';
  readonly reason: ReadOnlyDocument;

  constructor(reason: ReadOnlyDocument) {
    super(reason.notice);
    this.reason = reason;
  }
}
