/**
 * What Verbatim's collaboration rooms say besides the y-websocket protocol: one declaration for the server that sends
 * it and the workbench that reads it.
 */

/** What a room lets a connection change: nothing (`read`), review marks only (`review`), or anything (`write`). */
export type RoomAccess = 'read' | 'review' | 'write';

/**
 * Message type (the first varUint, after y-websocket's 0-3), server to client only: what the connection may now do
 * (a `varString` {@link RoomAccess}), sent when it changes while the socket stays open (a role changed). y-websocket
 * clients that do not know it log it and carry on.
 */
export const MESSAGE_ACCESS = 4;

/**
 * Message type, server to client only: the document is open read-only for everyone, and why (a `varString`, one
 * sentence for the user: it failed validation, was written by a newer schema, or could not be migrated). Sent once,
 * after the access message, on connecting to such a room.
 */
export const MESSAGE_DOCUMENT_NOTICE = 5;

/**
 * Message type, server to client only, and only to a client that asked for it ({@link ROOM_SYNC_PARAM}): a sync
 * step 2 (what the client lacks, in answer to its sync step 1) as a Yjs V2 update (`varUint8Array`, read with
 * `Y.applyUpdateV2`), in place of y-websocket's `messageSync` step 2, which carries a V1 update. Same content, same
 * meaning; V2's column encoding is about half the size (a 3-hour transcript's first sync: 1.2 MB instead of 2.0 MB).
 * Everything else (the client's own step 2, updates, awareness) stays V1.
 */
export const MESSAGE_SYNC_STEP2_V2 = 6;

/**
 * Query parameter of the room's WebSocket URL in which a client says which transcript document schema it writes
 * (`TRANSCRIPT_SCHEMA_VERSION` of `@verbatim/core/document`). A room refuses writers of an older one with
 * {@link ROOM_CLOSE_CODES}.reloadRequired.
 */
export const ROOM_SCHEMA_PARAM = 'schema';

/**
 * Query parameter of the room's WebSocket URL by which a client says it reads {@link MESSAGE_SYNC_STEP2_V2}: with
 * the value {@link ROOM_SYNC_V2} its sync step 2 replies come as that message; without it (y-websocket clients, Node
 * clients) they come as y-websocket's V1 `messageSync` step 2.
 */
export const ROOM_SYNC_PARAM = 'sync';

/** The value of {@link ROOM_SYNC_PARAM} that asks for sync step 2 replies as {@link MESSAGE_SYNC_STEP2_V2}. */
export const ROOM_SYNC_V2 = '2';

/**
 * WebSocket close codes a room ends connections with (4000-4999 are the application's). Clients should not reconnect
 * on 4401, 4403 and 4404 without asking the user (y-websocket treats 4400-4499 as permanent); 4408 and 4429 may be
 * retried after a pause. The close reason says more where the code alone would leave the user guessing
 * ({@link ROOM_CLOSE_REASONS}).
 */
export const ROOM_CLOSE_CODES = Object.freeze({
  /** The session or API token behind the connection ended (logout, password change, revocation, expiry, disabled account). */
  unauthenticated: 4401,
  /** The account may no longer open the transcript (its role no longer allows it, or it must change its password). */
  forbidden: 4403,
  /** The account is no longer a member of the project, or the transcript is gone. */
  notFound: 4404,
  /** The client stopped reading: too many bytes waited to be sent to it. */
  tooSlow: 4408,
  /** The client went over its message, byte, sync-request or server-time budget. */
  rateLimited: 4429,
  /**
   * The client writes an older document schema than the room's ({@link ROOM_SCHEMA_PARAM} missing or lower): it must
   * reload the page (getting the current workbench) instead of writing into the document.
   */
  reloadRequired: 4426,
} as const);

/**
 * Close reasons that say which of several causes a close code had: for a 4404 on a connection that was open (the client
 * had the transcript, so it may learn which of the two happened; an upgrade refused with 404 never says), and for a
 * 4426 (which side is out of date).
 */
export const ROOM_CLOSE_REASONS = Object.freeze({
  /** The transcript was deleted (itself, with its recording, or with its project). */
  transcriptDeleted: 'transcript-deleted',
  /** The account was removed from the transcript's project. */
  notAMember: 'not-a-member',
  /** (4426) The workbench writes an older document schema than the server's: reloading the page gets the current one. */
  clientOlder: 'reload: the workbench is out of date',
  /** (4426) The workbench writes a newer document schema than the server reads: reload once the server is upgraded. */
  serverOlder: 'reload: the server is older than the workbench; reload once it is upgraded',
} as const);
