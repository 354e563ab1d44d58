import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllBlocks } from '../../audio/readAllBlocks.ts';
import { type AudioFixtures, createAudioFixtures } from '../../../test/audioFixtures.ts';
import { decodeAudioFile } from './decodeAudioFile.ts';
import { decodeRejection, expectDecodeError } from '../../../test/expectDecodeError.ts';
import { openAudio } from './openAudio.ts';

// Bad input, cancellation and long-file streaming; openAudio.test.ts covers the formats that decode.
let fx: AudioFixtures;
// 2 s, stereo, 44.1 kHz float: the file the damaged fixtures are made from
let master: string;

beforeAll(async () => {
  fx = await createAudioFixtures();
  master = await fx.sox('master.wav', '-n', '-r', '44100', '-c', '2', '-b', '32', '-e', 'floating-point', 'master.wav', 'synth', '2', 'sine', '200-3000', 'sine', '440', 'vol', '0.5');
});

afterAll(async () => {
  await fx?.remove();
});

describe('openAudio: bad input', () => {
  it('rejects an empty file', async () => {
    await writeFile(fx.path('empty.wav'), new Uint8Array(0));
    await expectDecodeError(openAudio(fx.path('empty.wav')), 'empty', /empty/);
  });

  it('rejects a PNG and a text file, whatever they are called', async () => {
    const png = await fx.ffmpeg('image.wav.png', '-f', 'lavfi', '-i', 'color=red:size=16x16', '-frames:v', '1', '-f', 'image2');
    await expectDecodeError(openAudio(png), 'unsupported-format', /PNG image/);
    await writeFile(fx.path('notes.mp3'), 'These are my interview notes, not audio.\n');
    await expectDecodeError(openAudio(fx.path('notes.mp3')), 'unsupported-format', /text file/);
  });

  it('rejects a WAV cut in half as truncated before yielding anything', async () => {
    const full = await readFile(await fx.sox('cut.wav', master, 'cut.wav'));
    await writeFile(fx.path('half.wav'), full.subarray(0, full.length >> 1));
    await expectDecodeError(openAudio(fx.path('half.wav')), 'truncated', /header says 705,600 bytes of audio but the file ends after 352,[\d,]+\./);
  });

  it('rejects lying headers', async () => {
    const wav = await readFile(await fx.sox('liar.wav', '-n', '-r', '16000', '-c', '1', '-b', '16', 'liar.wav', 'synth', '0.5', 'sine', '440'));
    const rate0 = Buffer.from(wav);
    rate0.writeUInt32LE(0, 24);
    await writeFile(fx.path('rate0.wav'), rate0);
    await expectDecodeError(openAudio(fx.path('rate0.wav')), 'corrupt', /sample rate is 0 Hz/);
    const bigData = Buffer.from(wav);
    bigData.writeUInt32LE(0x7fffffff, 40);
    await writeFile(fx.path('bigdata.wav'), bigData);
    await expectDecodeError(openAudio(fx.path('bigdata.wav')), 'truncated');

    // a FLAC whose STREAMINFO claims twice the samples the file holds
    const flac = Buffer.from(await readFile(await fx.sox('liar.flac', '-n', '-r', '16000', '-c', '1', '-b', '16', 'liar.flac', 'synth', '0.5', 'sine', '440')));
    flac.writeUInt32BE(flac.readUInt32BE(8 + 14) * 2, 8 + 14);
    await writeFile(fx.path('double.flac'), flac);
    await expectDecodeError(decodeAudioFile(fx.path('double.flac')), 'truncated', /FLAC header says 1\.00 s of audio but the file ends after 0\.50 s/);
  });

  it.each([
    ['x.flac', 'sox'],
    ['x.ogg', 'sox'],
    ['x.opus', 'ffmpeg'],
  ] as const)('rejects a cut-off %s as truncated or corrupt, never as complete', async (name, tool) => {
    const path = tool === 'sox' ? await fx.sox(`cut-${name}`, master, `cut-${name}`) : await fx.ffmpeg(`cut-${name}`, '-i', master, '-c:a', 'libopus');
    const bytes = await readFile(path);
    await writeFile(fx.path(`cut2-${name}`), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const error = await decodeRejection(decodeAudioFile(fx.path(`cut2-${name}`)));
    expect(['truncated', 'corrupt']).toContain(error.code);
  });

  it('rejects an M4A whose index is missing as truncated', async () => {
    const bytes = await readFile(await fx.ffmpeg('moov.m4a', '-i', master, '-c:a', 'aac'));
    // ffmpeg writes the index ("moov") last; cutting the file's end drops it
    await writeFile(fx.path('nomoov.m4a'), bytes.subarray(0, bytes.length - 2000));
    await expectDecodeError(openAudio(fx.path('nomoov.m4a')), 'truncated', /moov/);
  });
});

describe('openAudio: streaming and cancellation', () => {
  it('delivers a 10-minute file block by block, none longer than blockSeconds', async () => {
    const path = await fx.sox('long.wav', '-n', '-r', '16000', '-c', '1', '-b', '16', 'long.wav', 'synth', '600', 'sine', '440', 'vol', '0.1');
    const fractions: number[] = [];
    const stream = await openAudio(path, { blockSeconds: 10, onProgress: (p) => fractions.push(p.fraction ?? -1) });
    expect(stream.durationSeconds).toBe(600);
    let blocks = 0;
    let total = 0;
    for await (const block of stream.blocks()) {
      blocks++;
      total += block.length;
      expect(block.length).toBeLessThanOrEqual(10 * 16000);
    }
    expect(blocks).toBe(60);
    expect(total).toBe(600 * 16000);
    expect(fractions).toHaveLength(60);
    expect(fractions.every((f, i) => f > 0 && (i === 0 || f >= fractions[i - 1]!))).toBe(true);
    expect(fractions.at(-1)).toBe(1);
  });

  it('rejects at once when the signal has already fired', async () => {
    await expectDecodeError(openAudio(master, { signal: AbortSignal.abort() }), 'aborted');
  });

  it.each([
    ['WAV', 'abort.wav', []],
    ['FLAC (WASM)', 'abort.flac', []],
    ['M4A (ffmpeg)', 'abort.m4a', ['-c:a', 'aac']],
  ] as const)('stops a %s mid-stream when the signal fires', async (_, name, codec) => {
    const path = name.endsWith('.m4a')
      ? await fx.ffmpeg(name, '-f', 'lavfi', '-i', 'sine=frequency=440:duration=60', ...codec)
      : await fx.sox(name, '-n', '-r', '16000', '-c', '1', name, 'synth', '60', 'sine', '440');
    const controller = new AbortController();
    const stream = await openAudio(path, { blockSeconds: 1, signal: controller.signal });
    let blocks = 0;
    const error = await decodeRejection(
      (async () => {
        for await (const _block of stream.blocks()) {
          if (++blocks === 3) controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('aborted');
    expect(blocks).toBe(3);
    if (name.endsWith('.m4a')) expect(await processesReading(path)).toBe(0);
  });

  it('releases at once when aborted between pulls, and a later pull rejects', async () => {
    const path = await fx.ffmpeg('idle.m4a', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=30', '-c:a', 'aac');
    const controller = new AbortController();
    const stream = await openAudio(path, { blockSeconds: 1, signal: controller.signal });
    const iterator = stream.blocks()[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    controller.abort();
    await expectDecodeError(iterator.next(), 'aborted');
    expect(await processesReading(path)).toBe(0);
  });

  it('stops on dispose(): the iteration rejects instead of ending as if complete', async () => {
    const stream = await openAudio(master, { blockSeconds: 0.5 });
    const iterator = stream.blocks()[Symbol.asyncIterator]();
    await iterator.next();
    await stream.dispose();
    await stream.dispose();
    await expectDecodeError(iterator.next(), 'aborted', /closed before it was read to the end/);
  });

  it('lets blocks() be iterated only once', async () => {
    const stream = await openAudio(master);
    await readAllBlocks(stream.blocks());
    await expect(readAllBlocks(stream.blocks())).rejects.toThrow(/only once/);
  });
});

// how many processes still have `path` on their command line (an ffmpeg that was not killed)
async function processesReading(path: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'args']);
  return stdout.split('\n').filter((line) => line.includes(path) && line.includes('ffmpeg')).length;
}
