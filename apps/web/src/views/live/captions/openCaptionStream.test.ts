// The caption stream against a real HTTP server speaking Server-Sent Events (test/CaptionViewServer.ts), read with
// undici's EventSource (Node's own, standing in for the browser's).
import type { CaptionJson, LiveViewJson } from '@verbatim/core/api';
import { EventSource } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptionViewServer } from '../../../../test/CaptionViewServer.ts';
import { type CaptionStreamEvent, openCaptionStream, REVOKED_MESSAGE } from './openCaptionStream.ts';
import type { Disposable } from '../../../platform/Disposable.ts';

const caption = (seq: number, final: boolean, text: string): CaptionJson => ({ seq, final, text, startMs: seq * 1000, endMs: seq * 1000 + 900, words: [] });
const view = (state: LiveViewJson['state'], recentFinals: CaptionJson[] = []): LiveViewJson => ({ title: 'Keynote', state, recentFinals });

let server: CaptionViewServer;
let stream: Disposable | undefined;
beforeEach(async () => {
  server = await CaptionViewServer.start();
});
afterEach(async () => {
  stream?.dispose();
  await server.close();
});

/** Opens the stream of `token` and records its events; `next(predicate)` resolves with the first event that matches. */
function follow(token: string) {
  const events: CaptionStreamEvent[] = [];
  const waiters: { test: (e: CaptionStreamEvent) => boolean; resolve: (e: CaptionStreamEvent) => void }[] = [];
  let seen = 0;
  stream = openCaptionStream(
    token,
    (event) => {
      events.push(event);
      for (const w of [...waiters]) {
        if (w.test(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    },
    { base: server.url, eventSource: (url) => new EventSource(url) as never, retryDelaysMs: [0] },
  );
  /** The next event from now on (past the ones already awaited) that matches. */
  const next = (test: (e: CaptionStreamEvent) => boolean) => {
    const found = events.slice(seen).findIndex(test);
    if (found >= 0) {
      seen += found + 1;
      return Promise.resolve(events[seen - 1]!);
    }
    return new Promise<CaptionStreamEvent>((resolve) =>
      waiters.push({
        test,
        resolve: (e) => {
          seen = events.length;
          resolve(e);
        },
      }),
    );
  };
  return { events, next };
}

describe('openCaptionStream', () => {
  it('reads the session once the stream is open, then passes on its captions', async () => {
    server.views.set('t1', view('live', [caption(0, true, 'good morning')]));
    const { events, next } = follow('t1');
    expect(events[0]).toEqual({ type: 'connection', state: 'connecting' });
    expect(await next((e) => e.type === 'view')).toEqual({ type: 'view', view: view('live', [caption(0, true, 'good morning')]) });
    server.send('t1', 'caption', caption(1, false, 'every'));
    // the server's messages may also come wrapped as LiveServerMessage
    server.send('t1', 'caption', { type: 'caption', caption: caption(1, true, 'everybody') });
    server.send('t1', 'caption', { seq: 'not a caption' });
    server.send('t1', 'message', { type: 'caption', caption: caption(2, false, 'wel') });
    const captions: CaptionJson[] = [];
    for (let i = 0; i < 3; i++) captions.push(((await next((e) => e.type === 'caption')) as { caption: CaptionJson }).caption);
    expect(captions.map((c) => [c.seq, c.final, c.text])).toEqual([
      [1, false, 'every'],
      [1, true, 'everybody'],
      [2, false, 'wel'],
    ]);
  });

  it('reconnects after a dropped connection and reads the finals it missed from the session', async () => {
    server.views.set('t2', view('live'));
    const { next } = follow('t2');
    await next((e) => e.type === 'view');
    await server.connected('t2');
    server.drop('t2');
    // meanwhile a final was made
    server.views.set('t2', view('live', [caption(0, true, 'while you were away')]));
    expect(await next((e) => e.type === 'connection' && e.state === 'reconnecting')).toMatchObject({ retryInMs: 0 });
    await next((e) => e.type === 'connection' && e.state === 'open');
    expect(await next((e) => e.type === 'view')).toEqual({ type: 'view', view: view('live', [caption(0, true, 'while you were away')]) });
    server.send('t2', 'caption', caption(1, false, 'and now'));
    expect(await next((e) => e.type === 'caption')).toEqual({ type: 'caption', caption: caption(1, false, 'and now') });
  });

  it('says an unknown or revoked link is gone, with the server\'s message, and stops asking', async () => {
    const { events, next } = follow('nope');
    expect(await next((e) => e.type === 'gone')).toEqual({ type: 'gone', reason: 'not-found', message: 'No caption link with this token: it was revoked or never existed.' });
    expect(server.requests).toEqual([
      { path: 'events', token: 'nope' },
      { path: 'session', token: 'nope' },
    ]);
    expect(events.some((e) => e.type === 'connection' && e.state === 'reconnecting')).toBe(false);
  });

  it('closes the stream when the link is revoked while watching', async () => {
    server.views.set('t3', view('live'));
    const { next } = follow('t3');
    await next((e) => e.type === 'view');
    await server.connected('t3');
    server.send('t3', 'revoked', {});
    expect(await next((e) => e.type === 'gone')).toEqual({ type: 'gone', reason: 'revoked', message: REVOKED_MESSAGE });
    // the client hangs up: the server sees its stream close
    await expect.poll(() => server.connections('t3')).toBe(0);
  });

  it('ends with the talk, and at once when the talk is already over', async () => {
    server.views.set('t4', view('live'));
    const live = follow('t4');
    await live.next((e) => e.type === 'view');
    await server.connected('t4');
    server.send('t4', 'ended', { type: 'ended', transcriptId: 'tr1' });
    await live.next((e) => e.type === 'ended');
    await expect.poll(() => server.connections('t4')).toBe(0);

    stream?.dispose();
    server.views.set('t5', view('ended', [caption(0, true, 'thank you')]));
    const over = follow('t5');
    expect(await over.next((e) => e.type === 'view')).toEqual({ type: 'view', view: view('ended', [caption(0, true, 'thank you')]) });
    await over.next((e) => e.type === 'ended');
    await expect.poll(() => server.connections('t5')).toBe(0);
  });
});
