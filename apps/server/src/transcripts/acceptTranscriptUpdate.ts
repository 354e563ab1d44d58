import type * as Y from 'yjs';
import type { UpdateInspection } from '../yjs/inspectUpdate.ts';
import type { YjsPeer } from '../yjs/YjsRoom.ts';
import { onlyReviewMarksUpdate } from './onlyReviewMarksUpdate.ts';
import { TRANSCRIPT_ROOT } from '@verbatim/core/document';

/**
 * The transcript document's write policy for collaboration rooms (`YjsRoomOptions.acceptUpdate`): nothing may be
 * written outside the document's own root ({@link TRANSCRIPT_ROOT}, the only root type a transcript declares);
 * editors (`write`) may change anything under it; reviewers (`review`) only the review marks of words, in their own
 * name (see `onlyReviewMarksUpdate`); viewers (`read`) nothing.
 *
 * @example
 * new YjsRoom(id, documents, { acceptUpdate: acceptTranscriptUpdate });
 */
export function acceptTranscriptUpdate(doc: Y.Doc, inspection: UpdateInspection, peer: YjsPeer): boolean {
  if (peer.access === 'read') return false;
  for (const root of inspection.roots) if (root !== TRANSCRIPT_ROOT) return false;
  if (peer.access === 'write') return true;
  return onlyReviewMarksUpdate(doc, inspection, { userId: peer.userId });
}
