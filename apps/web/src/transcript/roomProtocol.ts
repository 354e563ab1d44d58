import * as decoding from 'lib0/decoding';

// What the server's collaboration endpoint says besides the y-websocket protocol. The browser cannot import
// @verbatim/server: these mirror its yjsMessages.ts (messageAccess) and yjsCloseCodes.ts.

/** What the room lets this client change: nothing (`read`), review marks only (`review`), or anything (`write`). */
export type RoomAccess = 'read' | 'review' | 'write';

/** Server to client, while the socket stays open: what the connection may now do (its role changed). */
export const messageAccess = 4;

/** How the server ends a room connection for good (y-websocket does not reconnect on 4400-4499). */
export const ROOM_CLOSE_CODES = Object.freeze({
  /** The session behind the connection ended (logout, password change, deactivated account). */
  unauthenticated: 4401,
  /** The role no longer opens the transcript, or the account must change its password first. */
  forbidden: 4403,
  /** Removed from the project, or the transcript was deleted (the reason says which). */
  notFound: 4404,
  /** The client fell too far behind reading. */
  tooSlow: 4408,
  /** The client went over its message, byte, sync or server-time budget. */
  rateLimited: 4429,
} as const);

/** The reasons of a 4404 on a connection that was open. */
export const ROOM_CLOSE_REASONS = Object.freeze({
  transcriptDeleted: 'transcript-deleted',
  notAMember: 'not-a-member',
} as const);

/** Reads the rest of a {@link messageAccess} message; undefined when it names no access this client knows. */
export function readAccess(decoder: decoding.Decoder): RoomAccess | undefined {
  const access = decoding.readVarString(decoder);
  return access === 'read' || access === 'review' || access === 'write' ? access : undefined;
}
