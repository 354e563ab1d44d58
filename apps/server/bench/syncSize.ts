// The initial sync of a long transcript on the wire: what a client joining a room receives until it is in sync, with
// permessage-deflate (as browsers offer it) and without, against the raw size of the document's update; and as the
// workbench joins (the document as a Yjs V2 update, `?sync=2`, compressed), with the server's time to encode each.
// In-process (a real SQLite file, the real endpoint over real WebSockets), no model needed:
// `node bench/run.ts --only sync`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Segment } from '@verbatim/core';
import { TRANSCRIPT_SCHEMA_VERSION } from '@verbatim/core/document';
import * as Y from 'yjs';
import { ApiTokenStore } from '../src/auth/ApiTokenStore.ts';
import { ProjectStore } from '../src/auth/ProjectStore.ts';
import { SessionStore } from '../src/auth/SessionStore.ts';
import { TranscriptStore } from '../src/transcripts/TranscriptStore.ts';
import { createYjsEndpoint } from '../src/yjs/createYjsEndpoint.ts';
import { DocumentStore } from '../src/yjs/DocumentStore.ts';
import { SyncReplies } from '../src/yjs/SyncReplies.ts';
import { openTestDatabase } from '../test/testDatabase.ts';
import { YjsTestClient } from '../test/yjsTestClient.ts';

export interface SyncSizeOptions {
  /** Words in the transcript (default 32,000: about three hours of speech). */
  words: number;
  /** Joins measured of each kind (compressed, plain), alternating which goes first. */
  runs: number;
}

export interface SyncJoin {
  /** Bytes read from the socket until in sync: frames as sent, headers included. */
  wireBytes: number;
  /** The same messages' bytes once inflated. */
  messageBytes: number;
  /** From opening the socket to being in sync. */
  ms: number;
}

export interface SyncSizeResult {
  words: number;
  /** `Y.encodeStateAsUpdate` of the stored document. */
  updateBytes: number;
  /** `Y.encodeStateAsUpdateV2` of the stored document (what a workbench is sent). */
  updateV2Bytes: number;
  /** The server's time to encode the whole document's sync step 2 reply (`SyncReplies`, a fresh version each), per run. */
  encodeMs: { v1: number[]; v2: number[] };
  compressed: SyncJoin[];
  plain: SyncJoin[];
  /** Joins as the workbench makes them: V2 replies, permessage-deflate. */
  v2: SyncJoin[];
}

// a recogniser's transcript: a plain vocabulary, times that drift, confidences that vary (seeded, so runs compare)
function transcriptOf(words: number): Segment[] {
  const vocabulary = 'the committee met on tuesday morning to review quarterly budget several members asked about cost of new building and whether staff would be hired this year or next so we decided to postpone'.split(' ');
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const segments: Segment[] = [];
  let time = 0;
  for (let from = 0; from < words; from += 120) {
    const count = Math.min(120, words - from);
    const start = time;
    const list = Array.from({ length: count }, () => {
      const wordStart = time + random() * 0.08;
      const end = wordStart + 0.12 + random() * 0.4;
      time = end;
      return { text: vocabulary[Math.floor(random() * vocabulary.length)]!, start: wordStart, end, confidence: 0.3 + random() * 0.7 };
    });
    segments.push({ speaker: `Speaker ${(from / 120) % 4}`, start, end: time, words: list });
    time += 0.5;
  }
  return segments;
}

/** Measures the initial sync of a `words`-word transcript, compressed and plain, `runs` times each. */
export async function measureSyncSize(options: SyncSizeOptions, log: (line: string) => void): Promise<SyncSizeResult> {
  const t = await openTestDatabase();
  const documents = new DocumentStore(t.db);
  const transcripts = new TranscriptStore(t.db, { documents });
  const transcriptId = transcripts.create({ projectId: t.projectId, mediaId: 'bench', model: { id: 'bench', version: '1', sha256: '0'.repeat(64) }, segments: transcriptOf(options.words) }).id;
  const stored = documents.load(transcriptId);
  const updateBytes = Y.encodeStateAsUpdate(stored).byteLength;
  const updateV2Bytes = Y.encodeStateAsUpdateV2(stored).byteLength;
  const encodeMs = { v1: [] as number[], v2: [] as number[] };
  // as a room encodes them: once per document version, so each run a new version (invalidated)
  const replies = new SyncReplies(stored);
  const everything = Y.encodeStateVector(new Y.Doc());
  for (let run = 0; run < options.runs; run++) {
    for (const version of run % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const)) {
      replies.invalidate();
      const started = performance.now();
      replies.replyTo(everything, version);
      (version === 1 ? encodeMs.v1 : encodeMs.v2).push(performance.now() - started);
    }
  }
  stored.destroy();
  const tokens = new ApiTokenStore(t.db);
  const token = tokens.create(t.ownerId, 'bench').token;
  const endpoint = createYjsEndpoint({ documents, transcripts, tokens, sessions: new SessionStore(t.db), projects: new ProjectStore(t.db), limits: { syncRequests: { burst: 1000, perSecond: 1000 } }, connectionsPerAccount: { burst: 1000, perSecond: 1000 } });
  const server = createServer((_request, response) => response.end());
  server.on('upgrade', (request, socket, head) => {
    if (!endpoint.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/yjs/${transcriptId}?token=${token}&schema=${TRANSCRIPT_SCHEMA_VERSION}`;
  // someone stays in the room, so every measured join is served from the loaded document
  const anchor = await YjsTestClient.open(url);
  const join = async (compress: boolean, syncV2 = false): Promise<SyncJoin> => {
    const started = performance.now();
    const client = await YjsTestClient.open(url, { compress, syncV2 });
    const result = { wireBytes: client.wireBytesRead, messageBytes: client.received.bytes, ms: performance.now() - started };
    client.close();
    return result;
  };
  const result: SyncSizeResult = { words: options.words, updateBytes, updateV2Bytes, encodeMs, compressed: [], plain: [], v2: [] };
  try {
    for (let run = 0; run < options.runs; run++) {
      const order = run % 2 === 0 ? [true, false] : [false, true];
      for (const compress of order) {
        const measured = await join(compress);
        (compress ? result.compressed : result.plain).push(measured);
        log(`  run ${run + 1} ${compress ? 'compressed' : 'plain     '}: ${measured.wireBytes} B on the wire (${measured.messageBytes} B of messages), in sync after ${measured.ms.toFixed(0)} ms`);
      }
      const measured = await join(true, true);
      result.v2.push(measured);
      log(`  run ${run + 1} V2, compressed: ${measured.wireBytes} B on the wire (${measured.messageBytes} B of messages), in sync after ${measured.ms.toFixed(0)} ms`);
    }
  } finally {
    anchor.close();
    endpoint.destroy();
    await new Promise((resolve) => server.close(resolve));
    t.close();
  }
  return result;
}
