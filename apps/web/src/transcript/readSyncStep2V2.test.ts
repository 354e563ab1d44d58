import { MESSAGE_SYNC_STEP2_V2 } from '@verbatim/core';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readSyncStep2V2 } from './readSyncStep2V2.ts';

// a real provider that never connects: the handler is called as y-websocket calls it for a message off the socket
function provider(doc: Y.Doc): WebsocketProvider {
  const made = new WebsocketProvider('ws://127.0.0.1:9', 'room', doc, { connect: false, disableBc: true });
  made.messageHandlers[MESSAGE_SYNC_STEP2_V2] = readSyncStep2V2;
  return made;
}

function message(update: Uint8Array): decoding.Decoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC_STEP2_V2);
  encoding.writeVarUint8Array(encoder, update);
  const decoder = decoding.createDecoder(encoding.toUint8Array(encoder));
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE_SYNC_STEP2_V2);
  return decoder;
}

describe('readSyncStep2V2', () => {
  it('applies a V2 update as coming from the provider, marks it synced once, and answers nothing', () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'hello world');
    const doc = new Y.Doc();
    const client = provider(doc);
    const origins: unknown[] = [];
    doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
    const syncs: boolean[] = [];
    client.on('sync', (synced) => syncs.push(synced));
    const answer = encoding.createEncoder();
    client.messageHandlers[MESSAGE_SYNC_STEP2_V2]!(answer, message(Y.encodeStateAsUpdateV2(server)), client, true, MESSAGE_SYNC_STEP2_V2);
    expect(doc.getText('t').toString()).toBe('hello world');
    expect(origins).toEqual([client]);
    expect(client.synced).toBe(true);
    expect(syncs).toEqual([true]);
    expect(encoding.length(answer)).toBe(0);
    // a later reply (what changed since the client's state vector) applies without firing `sync` again
    server.getText('t').insert(11, '!');
    readSyncStep2V2(answer, message(Y.encodeStateAsUpdateV2(server, Y.encodeStateVector(doc))), client, true);
    expect(doc.getText('t').toString()).toBe('hello world!');
    expect(syncs).toEqual([true]);
    client.destroy();
  });

  it('does not mark the provider synced for a message that did not come off the socket', () => {
    const server = new Y.Doc();
    server.getText('t').insert(0, 'x');
    const doc = new Y.Doc();
    const client = provider(doc);
    readSyncStep2V2(encoding.createEncoder(), message(Y.encodeStateAsUpdateV2(server)), client, false);
    expect(doc.getText('t').toString()).toBe('x');
    expect(client.synced).toBe(false);
    client.destroy();
  });
});
