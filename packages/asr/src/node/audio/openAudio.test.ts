import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllBlocks } from '../../audio/readAllBlocks.ts';
import { bestCorrelation, fitSine } from '../../audio/signalMetrics.ts';
import { type AudioFixtures, createAudioFixtures } from '../../../test/audioFixtures.ts';
import { decodeAudioFile } from './decodeAudioFile.ts';
import { expectDecodeError } from '../../../test/expectDecodeError.ts';
import { openAudio } from './openAudio.ts';

let fx: AudioFixtures;
// the master recording every compressed fixture is made from: 2 s, stereo, 44.1 kHz, float
// left: a chirp (not periodic, so a misplaced or repeated block shows); right: a quieter 440 Hz tone
let master: string;
let reference: Float32Array;

beforeAll(async () => {
  fx = await createAudioFixtures();
  master = await fx.sox('master.wav', '-n', '-r', '44100', '-c', '2', '-b', '32', '-e', 'floating-point', 'master.wav', 'synth', '2', 'sine', '200-3000', 'sine', '440', 'vol', '0.5');
  reference = await decodeAudioFile(master);
});

afterAll(async () => {
  await fx?.remove();
});

describe('openAudio: WAV sample formats', () => {
  it.each([
    ['unsigned 8-bit', ['-b', '8', '-e', 'unsigned-integer'], 35],
    ['signed 16-bit', ['-b', '16', '-e', 'signed-integer'], 60],
    ['signed 24-bit', ['-b', '24', '-e', 'signed-integer'], 60],
    ['signed 32-bit', ['-b', '32', '-e', 'signed-integer'], 60],
    ['32-bit float', ['-b', '32', '-e', 'floating-point'], 60],
    ['64-bit float', ['-b', '64', '-e', 'floating-point'], 60],
    ['A-law', ['-e', 'a-law'], 30],
    ['µ-law', ['-e', 'u-law'], 30],
    ['24-bit, plain header (not extensible)', ['-t', 'wavpcm', '-b', '24'], 60],
  ])('decodes %s to a 16 kHz sine of the right level', async (_, encoding, minSnr) => {
    const name = `sine-${encoding.join('')}.wav`;
    await fx.sox(name, '-n', '-r', '44100', '-c', '1', ...encoding, name, 'synth', '1', 'sine', '1000', 'vol', '0.5');
    const stream = await openAudio(fx.path(name));
    expect(stream).toMatchObject({ format: 'wav', sourceSampleRate: 44100, channels: 1, sampleRate: 16000 });
    expect(stream.durationSeconds).toBeCloseTo(1, 6);
    const samples = await readAllBlocks(stream.blocks());
    expect(samples.length).toBe(16000);
    const fit = fitSine(samples, 1000, 16000, 100, 15900);
    expect(fit.amplitude).toBeCloseTo(0.5, 2);
    expect(fit.snrDb).toBeGreaterThan(minSnr);
  });

  it.each([8000, 22050, 48000, 96000])('resamples a %i Hz WAV to 16 kHz', async (rate) => {
    const name = `rate-${rate}.wav`;
    await fx.sox(name, '-n', '-r', String(rate), '-c', '1', '-b', '16', name, 'synth', '1', 'sine', '1000', 'vol', '0.5');
    const samples = await decodeAudioFile(fx.path(name));
    expect(samples.length).toBe(16000);
    expect(fitSine(samples, 1000, 16000, 100, 15900).snrDb).toBeGreaterThan(60);
  });

  it('averages the channels of a stereo file', async () => {
    const name = 'two-tones.wav';
    await fx.sox(name, '-n', '-r', '48000', '-c', '2', '-b', '16', name, 'synth', '1', 'sine', '1000', 'sine', '2000', 'vol', '0.5');
    const samples = await decodeAudioFile(fx.path(name));
    // each tone is 0.5 in its own channel and silent in the other: half of it survives the average
    expect(fitSine(samples, 1000, 16000, 100, 15900).amplitude).toBeCloseTo(0.25, 2);
    expect(fitSine(samples, 2000, 16000, 100, 15900).amplitude).toBeCloseTo(0.25, 2);
  });

  it('averages a 6-channel WAVE_FORMAT_EXTENSIBLE file', async () => {
    const name = 'six.wav';
    // channel 1 carries the tone, the other five are silent
    await fx.sox(name, '-n', '-r', '16000', '-c', '6', '-b', '24', name, 'synth', '1', 'sine', '1000', 'sine', '0', 'sine', '0', 'sine', '0', 'sine', '0', 'sine', '0', 'vol', '0.6');
    const bytes = await readFile(fx.path(name));
    expect(bytes.readUInt16LE(20)).toBe(0xfffe);
    const stream = await openAudio(fx.path(name));
    expect(stream.channels).toBe(6);
    const samples = await readAllBlocks(stream.blocks());
    expect(fitSine(samples, 1000, 16000, 100, 15900).amplitude).toBeCloseTo(0.1, 2);
  });

  it('reads RF64 and a WAV streamed to a pipe (sizes left unknown) as written by ffmpeg', async () => {
    const rf64 = await fx.ffmpeg('big.wav', '-i', master, '-c:a', 'pcm_s16le', '-rf64', 'always');
    const stream = await openAudio(rf64);
    expect(stream.format).toBe('rf64');
    expect(stream.durationSeconds).toBeCloseTo(2, 6);
    expect(bestCorrelation(reference, await readAllBlocks(stream.blocks()), 10)).toMatchObject({ lag: 0 });

    const { stdout } = await promisify(execFile)('ffmpeg', ['-nostdin', '-v', 'error', '-i', master, '-c:a', 'pcm_s24le', '-f', 'wav', 'pipe:1'], {
      encoding: 'buffer',
      maxBuffer: 64 << 20,
    });
    expect(stdout.readUInt32LE(4) === 0xffffffff || stdout.readUInt32LE(4) === 0).toBe(true);
    await writeFile(fx.path('piped.wav'), stdout);
    const piped = await decodeAudioFile(fx.path('piped.wav'));
    expect(piped.length).toBe(reference.length);
    expect(bestCorrelation(reference, piped, 10).correlation).toBeGreaterThan(0.9999);
  });

  it('decodes silence as zeros, not as an error', async () => {
    const name = 'silence.wav';
    await fx.sox(name, '-D', '-n', '-r', '16000', '-c', '1', '-b', '16', name, 'trim', '0', '0.5');
    const samples = await decodeAudioFile(fx.path(name));
    expect(samples.length).toBe(8000);
    expect(samples.every((v) => v === 0)).toBe(true);
  });
});

describe('openAudio: compressed formats', () => {
  it.each([
    ['FLAC', 'x.flac', 'flac', 'sox', [], 0.999, 2],
    ['Ogg Vorbis', 'x.ogg', 'ogg-vorbis', 'sox', [], 0.97, 2],
    ['MP3 without a Xing tag', 'x.mp3', 'mp3', 'sox', [], 0.97, undefined],
    ['MP3 with a LAME tag', 'lame.mp3', 'mp3', 'ffmpeg', ['-c:a', 'libmp3lame'], 0.97, 2],
    ['Ogg Opus', 'x.opus', 'ogg-opus', 'ffmpeg', ['-c:a', 'libopus'], 0.97, 2],
    ['M4A (AAC, through ffmpeg)', 'x.m4a', 'm4a', 'ffmpeg', ['-c:a', 'aac'], 0.97, 2],
    ['WebM (Opus, through ffmpeg)', 'x.webm', 'webm', 'ffmpeg', ['-c:a', 'libopus'], 0.97, 2],
  ] as const)('decodes %s like the master', async (_, name, format, tool, codec, minCorrelation, duration) => {
    const path = tool === 'sox' ? await fx.sox(name, master, name) : await fx.ffmpeg(name, '-i', master, ...codec);
    const stream = await openAudio(path);
    expect(stream.format).toBe(format);
    expect(stream.channels).toBe(2);
    if (duration === undefined) expect(stream.durationSeconds).toBeUndefined();
    else expect(stream.durationSeconds).toBeCloseTo(duration, 1);
    const samples = await readAllBlocks(stream.blocks());
    // MP3 without gapless info keeps the encoder delay and padding (about 50 ms)
    expect(Math.abs(samples.length - reference.length)).toBeLessThan(format === 'mp3' ? 2000 : 500);
    const match = bestCorrelation(reference, samples, 600);
    expect(match.correlation).toBeGreaterThan(minCorrelation);
    if (duration !== undefined) expect(Math.abs(match.lag)).toBeLessThan(40);
  });

  it('decodes a 22.05 kHz FLAC to its last sample (the WASM decoder drops a short final frame of such streams)', async () => {
    const path = await fx.sox('speechlike.flac', master, '-r', '22050', '-c', '1', 'speechlike.flac', 'trim', '0', '1.9');
    const samples = await readAllBlocks((await openAudio(path)).blocks());
    expect(Math.abs(samples.length - 1.9 * 16000)).toBeLessThan(20);
  });

  it('decodes the audio track of an MP4 video through ffmpeg', async () => {
    const path = await fx.ffmpeg('video.mp4', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=5', '-i', master, '-shortest', '-c:v', 'mpeg4', '-c:a', 'aac');
    const stream = await openAudio(path);
    expect(stream.format).toBe('mp4');
    const samples = await readAllBlocks(stream.blocks());
    expect(bestCorrelation(reference, samples, 600).correlation).toBeGreaterThan(0.97);
  });

  it('reads a WAV holding IMA ADPCM through ffmpeg, and names the codec without it', async () => {
    const path = await fx.ffmpeg('adpcm.wav', '-i', master, '-c:a', 'adpcm_ima_wav');
    const samples = await decodeAudioFile(path);
    expect(bestCorrelation(reference, samples, 100).correlation).toBeGreaterThan(0.9);
    await expectDecodeError(decodeAudioFile(path, { ffmpegPath: '/nonexistent/ffmpeg' }), 'unsupported-format', /IMA ADPCM/);
  });

  it('says that M4A needs ffmpeg when ffmpeg is missing', async () => {
    const path = await fx.ffmpeg('needs.m4a', '-i', master, '-t', '0.5', '-c:a', 'aac');
    const error = await expectDecodeError(openAudio(path, { ffmpegPath: '/nonexistent/ffmpeg' }), 'needs-ffmpeg', /M4A\/AAC.*install ffmpeg/i);
    expect(error.format).toBe('m4a');
  });
});
