import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaptionJson } from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelBundleError } from '../../bundle/ModelBundleError.ts';
import { normalizeForScoring, wordErrorRate } from '@verbatim/core';
import { VocabularyError } from '../../decode/VocabularyError.ts';
import { TranscribeError } from '../../transcribe/TranscribeError.ts';
import { concatenatedFixtures, EVERYDAY_SENTENCES, fixturePath, readFixtures, readWav16, testBundleDir } from '../../../test/testFixtures.ts';
import { decodeAudioFile } from '../audio/decodeAudioFile.ts';
import { LiveCaptioner, type LiveCaptionerEvent } from './LiveCaptioner.ts';

const CHUNK = 1600; // 100 ms at 16 kHz

/** `text` spoken by espeak-ng (US English, 150 words a minute) as 16 kHz samples. */
async function spoken(text: string): Promise<Int16Array> {
  const dir = mkdtempSync(join(tmpdir(), 'vb-live-lm-'));
  try {
    const wav = join(dir, 'speech.wav');
    const r = spawnSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, text]);
    if (r.status !== 0) throw new Error(`espeak-ng failed: ${r.error?.message ?? r.stderr}`);
    return toPcm(await decodeAudioFile(wav, { sampleRate: 16_000 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function toPcm(samples: Float32Array): Int16Array {
  return Int16Array.from(samples, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32768))));
}

// streams like a real-time source on a fast machine: 100 ms chunks, and after each cadence's worth the next chunk
// waits until the worker has decoded up to there (no sleeps); 3200 samples = the default cadence, 200 ms
async function stream(captioner: LiveCaptioner, id: string, pcm: Int16Array, cadence = 3200): Promise<LiveCaptionerEvent[]> {
  const events: LiveCaptionerEvent[] = [];
  let waiter: { at: number; resolve: () => void } | undefined;
  const off = captioner.on(id, (e) => {
    events.push(e);
    if (e.type === 'decoded' && waiter && e.decodedSamples >= waiter.at) {
      waiter.resolve();
      waiter = undefined;
    }
  });
  for (let at = 0; at < pcm.length; at += CHUNK) {
    captioner.push(id, pcm.subarray(at, at + CHUNK));
    const sent = Math.min(pcm.length, at + CHUNK);
    if (sent % cadence === 0) await new Promise<void>((resolve) => (waiter = { at: sent, resolve }));
  }
  await captioner.end(id);
  off();
  return events;
}

describe(`LiveCaptioner (${testBundleDir})`, () => {
  let captioner: LiveCaptioner;
  beforeAll(async () => {
    captioner = await LiveCaptioner.open({ bundleDir: testBundleDir });
  }, 30_000);
  afterAll(async () => {
    await captioner?.dispose();
  });

  it('streams captions of two sessions at once on one worker: partials, then finals that never change', async () => {
    const speech = toPcm(concatenatedFixtures(3).samples);
    captioner.startSession('a');
    captioner.startSession('b');
    const [a, b] = await Promise.all([stream(captioner, 'a', speech), stream(captioner, 'b', speech)]);
    for (const events of [a, b]) {
      const captions = events.flatMap((e) => (e.type === 'caption' ? [e.caption] : []));
      const finals = captions.filter((c) => c.final);
      expect(captions.some((c) => !c.final && c.words.length > 0)).toBe(true);
      expect(finals.length).toBeGreaterThan(1);
      expect(finals.map((f) => f.seq)).toEqual(finals.map((_, i) => i));
      // finals in time order, never overlapping, every word inside the audio
      for (const [i, f] of finals.entries()) {
        expect(f.text).toBe(f.words.map((w) => w.text).join(' '));
        if (i > 0) expect(f.startMs).toBeGreaterThanOrEqual(finals[i - 1]!.endMs);
        expect(f.endMs).toBeLessThanOrEqual((speech.length / 16_000) * 1000);
      }
      // a partial after a final has the next number
      for (const [i, c] of captions.entries()) {
        if (!c.final) expect(c.seq).toBe(captions.slice(0, i).filter((x) => x.final).length);
      }
    }
    const text = (events: LiveCaptionerEvent[]) => events.flatMap((e) => (e.type === 'caption' && e.caption.final ? [e.caption.text] : [])).join(' ');
    expect(text(a)).toBe(text(b));
    const stats = captioner.stats('a');
    expect(stats.decodedSamples).toBe(speech.length);
    expect(stats.receivedSamples).toBe(speech.length);
    expect(stats.cpuMs).toBeGreaterThan(0);
    captioner.close('a');
    captioner.close('b');
    expect(() => captioner.stats('a')).toThrow(/no live session a/);
  }, 60_000);

  it('end() resolves with the last finals after they reached the listeners', async () => {
    // one utterance that ends with its last word: nothing is final before the input ends
    const speech = toPcm(readWav16(fixturePath(readFixtures().utterances[0]!.wav)).samples);
    captioner.startSession('e');
    const seen: CaptionJson[] = [];
    captioner.on('e', (e) => e.type === 'caption' && e.caption.final && seen.push(e.caption));
    captioner.push('e', speech);
    const last = await captioner.end('e');
    expect(last.length).toBeGreaterThan(0);
    expect(seen.slice(-last.length)).toEqual(last);
    expect(() => captioner.push('e', speech)).toThrow(/ended its input/);
    captioner.close('e');
  });

  it('coalesces a backlog into window-long decodes instead of queueing one per cadence, and says it is behind', async () => {
    const speech = toPcm(concatenatedFixtures(4).samples); // about 19 s: two windows of at most 12 s
    captioner.startSession('burst');
    const events: LiveCaptionerEvent[] = [];
    const caughtUp = new Promise<void>((resolve) =>
      captioner.on('burst', (e) => {
        events.push(e);
        if (e.type === 'decoded' && e.decodedSamples === speech.length) resolve();
      }),
    );
    for (let at = 0; at < speech.length; at += CHUNK) captioner.push('burst', speech.subarray(at, at + CHUNK));
    await caughtUp;
    await captioner.end('burst');
    const decodes = events.filter((e) => e.type === 'decoded').length;
    // 19 s at a 200 ms cadence would be ~95 decodes; the backlog takes a few windows and the flush
    expect(decodes).toBeLessThanOrEqual(6);
    const behind = events.filter((e) => e.type === 'warning' && e.code === 'behind-real-time');
    expect(behind).toHaveLength(1);
    expect(behind[0]).toMatchObject({ message: expect.stringMatching(/Captions are \d+\.\d s behind the audio/) });
    expect(events.some((e) => e.type === 'caption' && e.caption.final)).toBe(true);
    expect(captioner.stats('burst').decodedSamples).toBe(speech.length);
    captioner.close('burst');
  }, 30_000);

  it('ends a session that got no audio with no captions', async () => {
    captioner.startSession('quiet');
    expect(await captioner.end('quiet')).toEqual([]);
    expect(captioner.stats('quiet')).toEqual({ cpuMs: 0, decodedSamples: 0, receivedSamples: 0 });
    captioner.close('quiet');
  });

  it('says it is usable until disposed, and refuses sessions after', async () => {
    const own = await LiveCaptioner.open({ bundleDir: testBundleDir });
    expect(own.usable).toBe(true);
    await own.dispose();
    expect(own.usable).toBe(false);
    expect(() => own.startSession('late')).toThrow(/disposed/);
  }, 30_000);

  it('refuses a directory that is no model bundle', async () => {
    await expect(LiveCaptioner.open({ bundleDir: '/nonexistent-bundle' })).rejects.toThrow(ModelBundleError);
    await expect(LiveCaptioner.open({ bundleDir: testBundleDir, threads: 0 })).rejects.toThrow(RangeError);
  });

  it('refuses bad sessions and input with clear errors', () => {
    captioner.startSession('x');
    expect(() => captioner.startSession('x')).toThrow(/already started/);
    expect(() => captioner.push('nope', new Int16Array(10))).toThrow(/no live session nope/);
    expect(() => captioner.push('x', new Float32Array(10) as unknown as Int16Array)).toThrow(TypeError);
    expect(() => captioner.startSession('y', { cadenceMs: 10 })).toThrow(RangeError);
    expect(() => captioner.startSession('z', { vocabulary: [{ phrase: 'naïve ☃' }] })).toThrow(VocabularyError);
    captioner.close('x');
  });

  it("decodes with the bundle's word LM unless told lm \"off\", and the LM gets more words right", async () => {
    // everyday sentences spoken by espeak-ng as one stretch of speech with pauses
    const talk = EVERYDAY_SENTENCES;
    const captionsOf = async (id: string, speech: Int16Array, options: Parameters<LiveCaptioner['startSession']>[1]) => {
      captioner.startSession(id, options);
      const events = await stream(captioner, id, speech);
      captioner.close(id);
      return events.flatMap((e) => (e.type === 'caption' && e.caption.final ? [e.caption.text] : [])).join(' ');
    };
    const errors = (reference: string, said: string) => wordErrorRate([normalizeForScoring(reference)], [normalizeForScoring(said)]).errors;
    const speech = await spoken(talk.join('. '));
    const withLm = await captionsOf('lm', speech, {});
    const without = await captionsOf('no-lm', speech, { lm: 'off' });
    expect(errors(talk.join(' '), withLm), `with the LM: ${withLm}\nwithout: ${without}`).toBeLessThan(errors(talk.join(' '), without));

    // the plugins' domain text adapts it, as for a job
    const sentence = 'the patient takes metformin and lisinopril every morning';
    const domain = await spoken(sentence);
    const base = await captionsOf('base', domain, { lm: 'base' });
    const adapted = await captionsOf('adapted', domain, { domainText: ['Metformin and lisinopril are taken once a day.', 'She takes metformin with food; lisinopril lowers blood pressure.'] });
    expect(errors(sentence, adapted), `base: ${base}\nadapted: ${adapted}`).toBeLessThan(errors(sentence, base));
    expect(adapted).toMatch(/metformin|lisinopril/);

    expect(() => captioner.startSession('bad-lm', { lm: 'huge' as never })).toThrow(TranscribeError);
    expect(() => captioner.startSession('bad-text', { domainText: 'seek' as never })).toThrow(TypeError);
  }, 180_000);

  it('continues a session on its clock and numbering from startSample / startSeq', async () => {
    const speech = toPcm(readWav16(fixturePath(readFixtures().utterances[1]!.wav)).samples);
    captioner.startSession('r', { startSample: 160_000, startSeq: 7 });
    captioner.push('r', speech);
    const last = await captioner.end('r');
    expect(last[0]!.seq).toBe(7);
    expect(last[0]!.startMs).toBeGreaterThanOrEqual(10_000);
    expect(captioner.stats('r').decodedSamples).toBe(160_000 + speech.length);
    captioner.close('r');
  });
});
