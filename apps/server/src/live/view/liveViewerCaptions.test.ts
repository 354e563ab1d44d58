// A caption screen's view of a real live session: the real server recognising with the bundled model, an audio source
// over the real WebSocket, and a viewer link's Server-Sent Events read as a screen would: partials then finals, the
// same finals the session stores, then `ended` with the transcript when the session is stopped; and the WebVTT file.
import { join } from 'node:path';
import type { CaptionJson, LiveSessionJson, LiveViewerLinkJson, LiveViewJson } from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveTestSource, readWavPcm } from '../../../test/liveTestSource.ts';
import { TEST_BUNDLE } from '../../../test/modelStoreFixtures.ts';
import { bearer, createRoleProject, startTestServer, type ProjectCaller, type TestServer, type TestUser } from '../../../test/testServer.ts';
import type { Project } from '../../auth/ProjectStore.ts';
import { LiveSessionStore } from '../LiveSessionStore.ts';

const RATE = 16_000;
let server: TestServer;
let project: Project;
let users: Record<ProjectCaller, TestUser>;

beforeAll(async () => {
  server = await startTestServer({ modelDir: TEST_BUNDLE });
  ({ project, users } = await createRoleProject(server));
}, 60_000);

afterAll(() => server?.close());

/** Every event of a response's Server-Sent Events until the stream ends. */
async function readEvents(response: Response, onEvent: (event: string, data: unknown) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body!) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined) onEvent(event, data === undefined ? undefined : JSON.parse(data));
    }
  }
}

describe('a viewer link of a live session', () => {
  it('streams the partials and finals the session makes, then `ended` with its transcript', async () => {
    const created = await server.fetch(`/api/projects/${project.id}/live-sessions`, { method: 'POST', headers: bearer(users.editor.token), body: JSON.stringify({ title: 'Keynote' }) });
    const session = (await created.json()) as LiveSessionJson;
    const link = (await (await server.fetch(`/api/live-sessions/${session.id}/viewer-link`, { method: 'POST', headers: bearer(users.editor.token) })).json()) as LiveViewerLinkJson;
    // no account: the screen sends nothing but the token in the address
    const view = (await (await fetch(`${server.url}/live/view/${link.token}/session`)).json()) as LiveViewJson;
    expect(view).toEqual({ title: 'Keynote', state: 'live', recentFinals: [] });
    const received: Array<{ event: string; data: unknown }> = [];
    const stream = await fetch(`${server.url}/live/view/${link.token}/events`);
    expect(stream.status).toBe(200);
    const done = readEvents(stream, (event, data) => received.push({ event, data }));

    const gap = new Int16Array(0.8 * RATE);
    const source = await LiveTestSource.connect(server.url, session.id, { token: users.editor.token });
    source.start();
    await source.next('ready');
    for (const i of [0, 1, 2]) {
      source.sendPcm(readWavPcm(join(TEST_BUNDLE, 'fixtures', `utt${i}.wav`)));
      source.sendPcm(gap);
    }
    source.end();
    const drained = await source.next('drained');
    expect(drained.finals).toBeGreaterThan(0);

    const stopped = (await (await server.fetch(`/api/live-sessions/${session.id}/stop`, { method: 'POST', headers: bearer(users.editor.token), body: '{}' })).json()) as LiveSessionJson;
    expect(stopped.state).toBe('ended');
    await done;

    const captions = received.filter((e) => e.event === 'caption').map((e) => e.data as CaptionJson);
    const stored = new LiveSessionStore(server.db).listFinals(session.id);
    expect(captions.filter((c) => c.final)).toEqual(stored);
    expect(captions.some((c) => !c.final)).toBe(true);
    // a partial always has the number of the next final
    for (const [i, caption] of captions.entries()) if (!caption.final) expect(captions.slice(0, i).filter((c) => c.final).length).toBe(caption.seq);
    expect(received.at(-1)).toEqual({ event: 'ended', data: { transcriptId: stopped.transcriptId } });

    const vtt = await (await fetch(`${server.url}/live/view/${link.token}/captions.vtt`)).text();
    expect(vtt.startsWith('WEBVTT\n')).toBe(true);
    for (const final of stored.filter((f) => f.words.length > 0)) expect(vtt).toContain(final.words[0]!.text);
    expect(((await (await fetch(`${server.url}/live/view/${link.token}/session`)).json()) as LiveViewJson).state).toBe('ended');
  }, 60_000);
});
