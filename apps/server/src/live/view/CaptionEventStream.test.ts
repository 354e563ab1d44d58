import { describe, expect, it } from 'vitest';
import { CaptionEventStream } from './CaptionEventStream.ts';

const caption = (seq: number, final: boolean, text: string) => ({ seq, final, text, startMs: 0, endMs: 1, words: [] });

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe('CaptionEventStream', () => {
  it('holds events for a reader that has not read yet, a newer partial replacing a queued one of the same caption', async () => {
    const closed: string[] = [];
    const events = new CaptionEventStream({ onClose: (reason) => closed.push(reason) });
    events.send({ event: 'caption', data: caption(0, false, 'hel'), partialSeq: 0 });
    events.send({ event: 'caption', data: caption(0, false, 'hello'), partialSeq: 0 });
    events.send({ event: 'caption', data: caption(0, true, 'hello world') });
    events.close({ event: 'ended', data: { transcriptId: 't' } });
    const text = await readAll(events.stream);
    expect(text).toBe(
      'retry: 2000\n\n' +
        `event: caption\ndata: ${JSON.stringify(caption(0, false, 'hello'))}\n\n` +
        `event: caption\ndata: ${JSON.stringify(caption(0, true, 'hello world'))}\n\n` +
        'event: ended\ndata: {"transcriptId":"t"}\n\n',
    );
    expect(events.dropped).toBe(1);
    expect(closed).toEqual(['closed']);
  });

  it('drops partials first when a reader does not keep up, then cuts it off when finals alone fill the buffer', async () => {
    const closed: string[] = [];
    const events = new CaptionEventStream({ maxQueued: 4, onClose: (reason) => closed.push(reason) });
    // the retry line waits in the queue too: 1 + 3 partials = full
    for (let seq = 0; seq < 3; seq += 1) events.send({ event: 'caption', data: caption(seq, false, `p${seq}`), partialSeq: seq });
    events.send({ event: 'caption', data: caption(0, true, 'f0') });
    expect(events.dropped).toBe(3);
    expect(events.closed).toBe(false);
    events.send({ event: 'caption', data: caption(1, true, 'f1') });
    events.send({ event: 'caption', data: caption(2, true, 'f2') });
    expect(closed).toEqual([]);
    // retry + f0 + f1 + f2 fill it: one more final is one too many
    events.send({ event: 'caption', data: caption(3, true, 'f3') });
    expect(closed).toEqual(['slow']);
    expect(events.closed).toBe(true);
    // it ends without what was queued: the reader reconnects and reads the recent finals
    expect(await readAll(events.stream)).toBe('');
  });

  it('sends heartbeat comments while nothing happens, and ends when the reader goes away', async () => {
    const closed: string[] = [];
    const events = new CaptionEventStream({ heartbeatMs: 5, onClose: (reason) => closed.push(reason) });
    const reader = events.stream.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': heartbeat\n\n')) text += decoder.decode((await reader.read()).value);
    expect(text.startsWith('retry: 2000\n\n')).toBe(true);
    await reader.cancel();
    expect(closed).toEqual(['cancelled']);
  });
});
