// The bytes of a transcript's initial sync, read by a Node client of the real /yjs endpoint asking as the workbench
// does (the document as a Yjs V2 update, `?sync=2`; or as y-websocket's V1 step 2, for the record): what the
// document's messages hold (as the browser hands them to the page) and what crossed the wire (less, where the server
// compresses with permessage-deflate).
import { MESSAGE_SYNC_STEP2_V2, ROOM_SCHEMA_PARAM, ROOM_SYNC_PARAM, ROOM_SYNC_V2 } from '@verbatim/core';
import { TRANSCRIPT_SCHEMA_VERSION } from '@verbatim/core/document';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export interface SyncSize {
  /** How the document came: `2`, the room's V2 message (as the workbench asks); `1`, y-websocket's V1 step 2. */
  encoding: 1 | 2;
  /** The server's sync step 2 for an empty client: the document's update (V1 or V2, see {@link encoding}). */
  updateBytes: number;
  /** The same update converted to V1 (`Y.convertUpdateFormatV2ToV1` of a V2 one): what V1 would have sent. */
  v1UpdateBytes: number;
  /** Every message received until that update arrived (access, notices, sync step 1, awareness, the update). */
  messageBytes: number;
  /** Bytes read from the socket for those messages (frames after the HTTP upgrade; compressed when negotiated). */
  wireBytes: number;
  /** Whether the connection negotiated permessage-deflate. */
  compressed: boolean;
}

/** Length of the HTTP upgrade response as it was sent (status line, headers, blank line). */
function responseHeadBytes(response: { statusCode?: number; statusMessage?: string; httpVersion: string; rawHeaders: string[] }): number {
  let head = `HTTP/${response.httpVersion} ${response.statusCode} ${response.statusMessage}\r\n`;
  for (let i = 0; i < response.rawHeaders.length; i += 2) head += `${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}\r\n`;
  return Buffer.byteLength(`${head}\r\n`);
}

/** Options of {@link measureSync}. */
export interface MeasureSyncOptions {
  /** Ask for the document as a V2 update, as the workbench does (`2`, the default), or as y-websocket's V1 (`1`). */
  encoding?: 1 | 2;
  timeoutMs?: number;
}

/** Opens `transcriptId`'s room as an empty client and counts the bytes until its document has arrived. */
export async function measureSync(url: string, token: string, transcriptId: string, options: MeasureSyncOptions = {}): Promise<SyncSize> {
  const { encoding: asked = 2, timeoutMs = 60_000 } = options;
  const query = new URLSearchParams({ token, [ROOM_SCHEMA_PARAM]: String(TRANSCRIPT_SCHEMA_VERSION), ...(asked === 2 && { [ROOM_SYNC_PARAM]: ROOM_SYNC_V2 }) });
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/yjs/${transcriptId}?${query}`, { perMessageDeflate: true });
  let head = 0;
  socket.once('upgrade', (response) => (head = responseHeadBytes(response)));
  try {
    return await new Promise<SyncSize>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no document from the room of ${transcriptId} within ${timeoutMs} ms`)), timeoutMs);
      let messageBytes = 0;
      socket.once('error', (e) => (clearTimeout(timer), fail(e)));
      socket.once('close', (code, reason) => (clearTimeout(timer), fail(new Error(`the room closed (${code} ${reason.toString()}) before the document arrived`))));
      socket.once('open', () => {
        const request = encoding.createEncoder();
        encoding.writeVarUint(request, 0); // y-websocket's messageSync
        syncProtocol.writeSyncStep1(request, new Y.Doc());
        socket.send(encoding.toUint8Array(request));
      });
      socket.on('message', (data: Buffer) => {
        messageBytes += data.byteLength;
        const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        const type = decoding.readVarUint(decoder);
        // y-websocket's messageSync (0) step 2, or the room's V2 step 2
        const v1 = type === 0 && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep2;
        if (!v1 && type !== MESSAGE_SYNC_STEP2_V2) return;
        const update = decoding.readVarUint8Array(decoder);
        clearTimeout(timer);
        const raw = (socket as unknown as { _socket: { bytesRead: number } })._socket;
        const wireBytes = raw.bytesRead - head;
        const v1UpdateBytes = v1 ? update.byteLength : Y.convertUpdateFormatV2ToV1(update).byteLength;
        done({ encoding: v1 ? 1 : 2, updateBytes: update.byteLength, v1UpdateBytes, messageBytes, wireBytes, compressed: socket.extensions.includes('permessage-deflate') });
      });
    });
  } finally {
    socket.removeAllListeners('close');
    socket.terminate();
  }
}
