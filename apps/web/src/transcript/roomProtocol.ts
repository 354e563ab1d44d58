import * as decoding from 'lib0/decoding';
import { MESSAGE_ACCESS, ROOM_CLOSE_CODES, ROOM_CLOSE_REASONS, type RoomAccess } from '@verbatim/core';

// What the server's collaboration endpoint says besides the y-websocket protocol, declared once in core.
export { ROOM_CLOSE_CODES, ROOM_CLOSE_REASONS };
export type { RoomAccess };

/** Server to client, while the socket stays open: what the connection may now do (its role changed). */
export const messageAccess = MESSAGE_ACCESS;

/** Reads the rest of a {@link messageAccess} message; undefined when it names no access this client knows. */
export function readAccess(decoder: decoding.Decoder): RoomAccess | undefined {
  const access = decoding.readVarString(decoder);
  return access === 'read' || access === 'review' || access === 'write' ? access : undefined;
}
