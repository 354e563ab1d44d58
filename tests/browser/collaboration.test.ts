// Two people in two browser contexts edit one transcript at once and converge; a viewer cannot change it; someone
// outside the project can open neither the document nor its audio; a workbench of an older document schema is told
// to reload instead of writing into the document; the workbench's sync comes as a Yjs V2 update, after a reconnect too.
import { describe, expect, it } from 'vitest';
import type { Page, WebSocketRoute } from 'playwright-core';
import { screenshot } from './harness/launchBrowser.ts';
import { openTranscriptItem } from './harness/openTranscriptItem.ts';
import { editorText, openTranscript } from './harness/workbench.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();

const open = (email: string, password: string): Promise<Page> => w.open({ email, password });


/** Puts the caret at the end of the n-th word (0-based) of the visible editor, by clicking its right edge. */
async function caretAfterWord(page: Page, n: number): Promise<void> {
  const word = page.locator('[data-testid="transcript-editor"]:visible span[data-word]').nth(n);
  const box = (await word.boundingBox())!;
  await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
}

describe('collaboration in the browser', () => {
  it('two editors typing at the same time converge, with each other\'s cursors shown', async () => {
    const [a, b] = await Promise.all([open(w.seeded.editor.email, w.seeded.editor.password), open(w.server.admin.email, w.server.admin.password)]);
    await Promise.all([openTranscript(a, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId), openTranscript(b, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId)]);
    await expect.poll(() => a.getByTestId('status-collaborators').innerText()).toMatch(/2/);
    await caretAfterWord(a, 1);
    await caretAfterWord(b, 6);
    // both type at once, into different words
    await Promise.all([a.keyboard.type(' alpha'), b.keyboard.type(' bravo')]);
    await expect.poll(async () => [await editorText(a), await editorText(b)], { timeout: 15_000 }).toSatisfy(
      ([x, y]) => x === y && x.includes('alpha') && x.includes('bravo'),
    );
    await a.locator('[data-testid="remote-caret"]').first().waitFor({ timeout: 10_000 });
    await screenshot(a, 'collaboration');
    // and the server's document has both (what an export shows)
    const res = await fetch(`${w.server.url}/api/transcripts/${w.seeded.transcriptId}/export?format=txt`, { headers: { cookie: w.seeded.admin.cookie } });
    const txt = await res.text();
    expect(txt).toContain('alpha');
    expect(txt).toContain('bravo');
  });

  it('a viewer sees the transcript but cannot change it', async () => {
    const v = await open(w.seeded.viewer.email, w.seeded.viewer.password);
    await openTranscript(v, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);
    const before = await editorText(v);
    const editor = v.locator('[data-testid="transcript-editor"]:visible');
    expect(await editor.getAttribute('contenteditable')).not.toBe('true');
    await v.locator('[data-testid="transcript-editor"]:visible span[data-word]').nth(2).click();
    await v.keyboard.type(' sneaky');
    await v.keyboard.press('Backspace');
    await v.waitForTimeout(1000);
    expect(await editorText(v)).toBe(before);
    const res = await fetch(`${w.server.url}/api/transcripts/${w.seeded.transcriptId}/export?format=txt`, { headers: { cookie: w.seeded.admin.cookie } });
    expect(await res.text()).not.toContain('sneaky');
  });

  it('a workbench that writes an older document schema is told to reload, and the reloaded one edits', async () => {
    const page = await open(w.seeded.editor.email, w.seeded.editor.password);
    // the page as an older build would connect: no schema in the room URL (until "deployed", when it reloads)
    await page.context().addInitScript(() => {
      if (localStorage.getItem('e2e-deployed') === '1') return;
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          const old = new URL(url);
          old.searchParams.delete('schema');
          super(old, protocols);
        }
      };
    });
    await page.reload();
    const ids = { projectId: w.seeded.projectId, mediaId: w.seeded.mediaId, transcriptId: w.seeded.transcriptId };
    await openTranscriptItem(page, ids);
    const notice = page.locator('[data-testid="access-notice"][data-code="4426"]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.innerText()).toContain('This workbench is out of date — reload the page');
    // no document to type into, and no reconnecting behind the notice
    expect(await page.locator('[data-testid="transcript-editor"]').count()).toBe(0);
    await screenshot(page, 'collaboration-reload-required');

    await page.evaluate(() => localStorage.setItem('e2e-deployed', '1'));
    await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
    await openTranscript(page, ids.projectId, ids.mediaId, ids.transcriptId);
    expect(await page.locator('[data-testid="transcript-editor"]:visible').getAttribute('contenteditable')).toBe('true');
    expect(await page.getByTestId('access-notice').count()).toBe(0);
  });

  it('a workbench is sent the document as one V2 sync message, and after its connection drops it catches up and sends what it typed meanwhile', async () => {
    const [a, b] = await Promise.all([open(w.seeded.editor.email, w.seeded.editor.password), open(w.server.admin.email, w.server.admin.password)]);
    // a's room socket runs through a route that records what the server sends, and can cut it and hold it cut
    const received: number[][] = [];
    const sockets: WebSocketRoute[] = [];
    let cut = false;
    await a.routeWebSocket(/\/yjs\//, (ws) => {
      sockets.push(ws);
      // cut: the socket opens but reaches no server, so what a types meanwhile goes nowhere
      if (cut) return;
      const types: number[] = [];
      received.push(types);
      const server = ws.connectToServer();
      ws.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        const bytes = typeof message === 'string' ? Buffer.from(message) : message;
        // the message type, and for y-websocket's messageSync (0) its step: 1 is a V1 step 2
        types.push(bytes[0] === 0 ? bytes[1]! === 1 ? -1 : 0 : bytes[0]!);
        ws.send(message);
      });
    });
    await Promise.all([openTranscript(a, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId), openTranscript(b, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId)]);
    // MESSAGE_SYNC_STEP2_V2 (6) once, never y-websocket's V1 step 2 (-1 here)
    expect(received).toHaveLength(1);
    expect(received[0]!.filter((type) => type === 6)).toHaveLength(1);
    expect(received[0]).not.toContain(-1);

    cut = true;
    await sockets[0]!.close({ code: 4000, reason: 'test: connection lost' });
    // y-websocket reconnects (into the cut route); then a and b both type
    await expect.poll(() => sockets.length).toBeGreaterThan(1);
    await caretAfterWord(a, 1);
    await a.keyboard.type(' offline');
    await caretAfterWord(b, 6);
    await b.keyboard.type(' online');
    await expect.poll(() => editorText(b)).toContain('online');
    expect(await editorText(a)).not.toContain('online');
    cut = false;
    await sockets.at(-1)!.close({ code: 4000, reason: 'test: connection back' });
    await expect.poll(async () => [await editorText(a), await editorText(b)], { timeout: 15_000 }).toSatisfy(
      ([x, y]) => x === y && x.includes('offline') && x.includes('online'),
    );
    // the catch-up came as V2 too
    expect(received).toHaveLength(2);
    expect(received[1]!.filter((type) => type === 6)).toHaveLength(1);
    expect(received[1]).not.toContain(-1);
    const res = await fetch(`${w.server.url}/api/transcripts/${w.seeded.transcriptId}/export?format=txt`, { headers: { cookie: w.seeded.admin.cookie } });
    expect(await res.text()).toContain('offline');
  });

  it('someone outside the project can open neither the document nor its audio', async () => {
    const s = await open(w.seeded.stranger.email, w.seeded.stranger.password);
    expect(await s.locator(`[data-testid="project-item"][data-project-id="${w.seeded.projectId}"]`).count()).toBe(0);
    const answers = await s.evaluate(async ({ t, m }) => {
      const doc = await fetch(`/api/transcripts/${t}`);
      const audio = await fetch(`/api/media/${m}/audio`, { headers: { range: 'bytes=0-99' } });
      const peaks = await fetch(`/api/media/${m}/peaks`);
      const room = await new Promise<string>((done) => {
        const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/yjs/${t}`);
        ws.onopen = () => done('open');
        ws.onerror = () => done('refused');
      });
      return [doc.status, audio.status, peaks.status, room];
    }, { t: w.seeded.transcriptId, m: w.seeded.mediaId });
    expect(answers).toEqual([404, 404, 404, 'refused']);
  });
});
