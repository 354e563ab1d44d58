// In-page probes the editor benchmark applies the same way to Verbatim and to its peers: keystroke-to-paint latency,
// the JS heap after a garbage collection, and the bytes of the document's WebSocket frames (Chrome DevTools Protocol).
import type { CDPSession, Page } from 'playwright-core';

/**
 * From now on, every keydown records how long until the frame after it was painted: the frame's rAF runs before
 * paint, and a message posted from it lands once that frame is done. Read them with {@link keystrokeLatencies}.
 */
export async function installKeystrokeProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[] };
    w.__lat = [];
    window.addEventListener('keydown', (e) => {
      const start = e.timeStamp;
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => w.__lat.push(performance.now() - start);
        ch.port2.postMessage(0);
      });
    }, true);
  });
}

/**
 * The benchmarks' typing, the same for Verbatim, its peers and the probe's floor: `count` keys (five letters, then a
 * space), 40 ms apart, stopping early once `budgetMs` has passed.
 */
export async function typeProbeKeys(page: Page, count: number, budgetMs = Number.POSITIVE_INFINITY): Promise<void> {
  const started = Date.now();
  for (let i = 0; i < count && Date.now() - started < budgetMs; i++) {
    await page.keyboard.type(i % 6 === 5 ? ' ' : 'abcde'[i % 5]!, { delay: 0 });
    await page.waitForTimeout(40);
  }
}

/** The latencies {@link installKeystrokeProbe} recorded so far (ms, sorted). */
export async function keystrokeLatencies(page: Page): Promise<number[]> {
  return (await page.evaluate(() => (window as unknown as { __lat?: number[] }).__lat ?? [])).sort((a, b) => a - b);
}

/** The `p` quantile (0..1) of sorted `values` (nearest rank); NaN for none. */
export function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

/** Used JS heap of the page in MB after a full garbage collection (HeapProfiler.collectGarbage, Runtime.getHeapUsage). */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

/** Counts the payload bytes the page receives on WebSockets whose URL contains `urlPart` (as decoded by the browser). */
export async function watchWebSocketBytes(cdp: CDPSession, urlPart: string): Promise<{ bytes(): number; frames(): number }> {
  const sockets = new Set<string>();
  let bytes = 0;
  let frames = 0;
  cdp.on('Network.webSocketCreated', (e) => {
    if (e.url.includes(urlPart)) sockets.add(e.requestId);
  });
  cdp.on('Network.webSocketFrameReceived', (e) => {
    if (!sockets.has(e.requestId)) return;
    frames++;
    // binary frames (opcode 2) come base64-encoded, text frames as text
    bytes += e.response.opcode === 2 ? Buffer.from(e.response.payloadData, 'base64').length : Buffer.byteLength(e.response.payloadData);
  });
  await cdp.send('Network.enable');
  return { bytes: () => bytes, frames: () => frames };
}
