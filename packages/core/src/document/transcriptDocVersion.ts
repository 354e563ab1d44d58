import * as Y from 'yjs';
import { TRANSCRIPT_META, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_KEY } from './transcriptDocSchema.ts';

/**
 * The schema version a transcript document was written in: its meta map's `schema`, else 1 for a document with
 * paragraphs but no meta map (written before versions were recorded), else 0 for an empty document. NaN when the
 * meta map holds something other than a positive whole number.
 */
export function transcriptDocVersion(doc: Y.Doc): number {
  const meta = doc.share.get(TRANSCRIPT_META);
  const version = meta instanceof Y.AbstractType ? doc.getMap(TRANSCRIPT_META).get(TRANSCRIPT_SCHEMA_KEY) : undefined;
  if (version === undefined) return doc.share.has(TRANSCRIPT_ROOT) && doc.get(TRANSCRIPT_ROOT, Y.XmlText).length > 0 ? 1 : 0;
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : Number.NaN;
}
