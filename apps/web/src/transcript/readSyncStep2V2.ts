import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * The provider's handler (`provider.messageHandlers[MESSAGE_SYNC_STEP2_V2]`) of the room's sync step 2 sent as a Yjs
 * V2 update, which the server sends in place of y-websocket's V1 step 2 to a client that asked for it
 * (`ROOM_SYNC_PARAM`). It does what y-websocket's own `messageSync` handler does for a step 2: applies the update
 * with the provider as origin (so the provider does not send it back) and, on a message from the socket
 * (`emitSynced`), marks the provider synced, which fires its `sync` event. It answers nothing.
 *
 * @example
 * provider.messageHandlers[MESSAGE_SYNC_STEP2_V2] = readSyncStep2V2;
 */
export function readSyncStep2V2(_encoder: encoding.Encoder, decoder: decoding.Decoder, provider: WebsocketProvider, emitSynced: boolean): void {
  const update = decoding.readVarUint8Array(decoder);
  try {
    Y.applyUpdateV2(provider.doc, update, provider);
  } catch (error) {
    // as y-protocols' readSyncStep2: an error thrown by an observer must not stop the provider
    console.error('Caught error while handling a Yjs update', error);
  }
  if (emitSynced && !provider.synced) provider.synced = true;
}
