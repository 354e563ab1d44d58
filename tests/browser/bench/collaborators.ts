// Server relay latency: N Node clients on one transcript through the real y-websocket endpoint (no browser, no paint):
// each inserts a word every `intervalMs`; every other client records how long the edit took to arrive (one process,
// one clock).
import { ROOM_SCHEMA_PARAM } from '@verbatim/core';
import { encodeWordTiming, TRANSCRIPT_META, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_KEY, TRANSCRIPT_SCHEMA_VERSION, WORD_TIMING_KEY } from '@verbatim/core/document';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export interface CollaboratorFigures {
  clients: number;
  edits: number;
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Relay latency (ms) of `clients` Node clients editing `transcriptId` for `seconds`; client i connects with
 * `tokens[i % tokens.length]` (one account per collaborator: the server caps connections per account).
 */
export async function benchCollaborators(url: string, tokens: readonly string[], transcriptId: string, clients: number, seconds: number, intervalMs = 500): Promise<CollaboratorFigures> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/yjs`;
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const docs = Array.from({ length: clients }, () => new Y.Doc());
  const closes: string[] = [];
  const providers = docs.map((doc, i) => {
    const params = { token: tokens[i % tokens.length]!, [ROOM_SCHEMA_PARAM]: String(TRANSCRIPT_SCHEMA_VERSION) };
    const provider = new WebsocketProvider(wsUrl, transcriptId, doc, { params, disableBc: true });
    provider.on('connection-close', (event) => closes.push(`client ${i}: ${event?.code} ${event?.reason ?? ''}`.trim()));
    return provider;
  });
  let syncTimer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all(providers.map((p) => new Promise<void>((done) => (p.synced ? done() : p.once('sync', () => done()))))),
      new Promise<never>((_, fail) => (syncTimer = setTimeout(() => fail(new Error(`not every client synced within 60 s; closes: ${[...new Set(closes)].slice(0, 5).join(', ') || 'none'}`)), 60_000))),
    ]);
  } catch (e) {
    for (const p of providers) p.destroy();
    throw e;
  } finally {
    clearTimeout(syncTimer);
  }
  // a word's attributes as the document's schema has them (packed from schema 2 on, one per field before)
  const schema = docs[0]!.getMap(TRANSCRIPT_META).get(TRANSCRIPT_SCHEMA_KEY);
  const wordAttributes = typeof schema === 'number' && schema >= 2
    ? { [WORD_TIMING_KEY]: encodeWordTiming({ start: 0, end: 0.1, conf: 1, origin: 'human' }) }
    : { start: 0, end: 0.1, conf: 1, origin: 'human' };
  docs.forEach((doc, me) => {
    doc.get(TRANSCRIPT_ROOT, Y.XmlText).observeDeep((events, tr) => {
      if (tr.local) return;
      const now = performance.now();
      for (const e of events) {
        for (const op of e.delta) {
          const text = typeof op.insert === 'string' ? op.insert : '';
          for (const m of text.matchAll(/bench(\d+)x(\d+)/g)) {
            if (Number(m[1]) === me) continue;
            const t = sent.get(m[0]);
            if (t !== undefined) latencies.push(now - t);
          }
        }
      }
    });
  });
  let edits = 0;
  const timers = docs.map((doc, me) => {
    let seq = 0;
    // spread the clients over the interval so edits do not all land at once
    return setTimeout(function tick() {
      const root = doc.get(TRANSCRIPT_ROOT, Y.XmlText);
      const paragraphs = root.toDelta().filter((d: { insert: unknown }) => d.insert instanceof Y.XmlText) as { insert: Y.XmlText }[];
      const paragraph = paragraphs[(me + seq) % Math.max(1, paragraphs.length)]?.insert;
      if (paragraph) {
        const marker = `bench${me}x${seq++}`;
        sent.set(marker, performance.now());
        paragraph.insert(0, `${marker} `, wordAttributes);
        edits++;
      }
      timers[me] = setTimeout(tick, intervalMs);
    }, (me * intervalMs) / clients);
  });
  await new Promise((r) => setTimeout(r, seconds * 1000));
  timers.forEach((t) => clearTimeout(t));
  await new Promise((r) => setTimeout(r, 1000));
  for (const p of providers) p.destroy();
  for (const d of docs) d.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return { clients, edits, samples: latencies.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: latencies.at(-1) ?? Number.NaN };
}
