import * as decoding from 'lib0/decoding';
import { MESSAGE_ACCESS, MESSAGE_DOCUMENT_NOTICE, ROOM_CLOSE_CODES, ROOM_CLOSE_REASONS, ROOM_SCHEMA_PARAM, type RoomAccess } from '@verbatim/core';

// What the server's collaboration endpoint says besides the y-websocket protocol, declared once in core.
export { ROOM_CLOSE_CODES, ROOM_CLOSE_REASONS, ROOM_SCHEMA_PARAM };
export type { RoomAccess };

/** Server to client, while the socket stays open: what the connection may now do (its role changed). */
export const messageAccess = MESSAGE_ACCESS;

/** Server to client: the document is open read-only for everyone, and why (one sentence for the user). */
export const messageDocumentNotice = MESSAGE_DOCUMENT_NOTICE;

/** Reads the rest of a {@link messageAccess} message; undefined when it names no access this client knows. */
export function readAccess(decoder: decoding.Decoder): RoomAccess | undefined {
  const access = decoding.readVarString(decoder);
  return access === 'read' || access === 'review' || access === 'write' ? access : undefined;
}

/** Longest notice shown; the server's sentence is short, anything past this is cut. */
const MAX_NOTICE_CHARS = 500;

/** Reads the rest of a {@link messageDocumentNotice} message: the sentence to show (a generic one when it is empty). */
export function readDocumentNotice(decoder: decoding.Decoder): string {
  const text = decoding.readVarString(decoder).trim().slice(0, MAX_NOTICE_CHARS);
  return text === '' ? 'This transcript is open read-only: the server cannot accept changes to it.' : text;
}
