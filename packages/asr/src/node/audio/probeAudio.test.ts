import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AudioFixtures, createAudioFixtures } from '../../../test/audioFixtures.ts';
import { expectDecodeError } from '../../../test/expectDecodeError.ts';
import { openAudio } from './openAudio.ts';
import { probeAudio } from './probeAudio.ts';

let fx: AudioFixtures;
beforeAll(async () => {
  fx = await createAudioFixtures('verbatim-probe-');
});
afterAll(async () => {
  await fx?.remove();
});

// the first half of a file, as an interrupted copy leaves it
async function cutInHalf(path: string, name: string): Promise<string> {
  const bytes = await readFile(path);
  await writeFile(fx.path(name), bytes.subarray(0, bytes.length >> 1));
  return fx.path(name);
}

describe('probeAudio', () => {
  it('reads the stated length of WAV, FLAC, MP3 and Ogg without decoding', async () => {
    const sine = ['-f', 'lavfi', '-i', 'sine=f=440:d=6.05:sample_rate=44100'];
    const wav = await probeAudio(await fx.ffmpeg('a.wav', ...sine));
    expect(wav).toMatchObject({ format: 'wav', sampleRate: 44100, channels: 1 });
    expect(wav.durationSeconds).toBeCloseTo(6.05, 3);
    const flac = await probeAudio(await fx.ffmpeg('a.flac', ...sine, '-ac', '2'));
    expect(flac).toMatchObject({ format: 'flac', sampleRate: 44100, channels: 2 });
    expect(flac.durationSeconds).toBeCloseTo(6.05, 3);
    expect((await probeAudio(await fx.ffmpeg('a.mp3', ...sine, '-c:a', 'libmp3lame'))).durationSeconds).toBeCloseTo(6.05, 1);
    expect((await probeAudio(await fx.ffmpeg('a.opus', ...sine, '-c:a', 'libopus'))).durationSeconds).toBeCloseTo(6.05, 1);
    expect((await probeAudio(await fx.ffmpeg('a.ogg', ...sine, '-c:a', 'libvorbis'))).durationSeconds).toBeCloseTo(6.05, 1);
    // ffmpeg-decoded containers: openAudio reports ffmpeg's reading of them
    expect(await probeAudio(await fx.ffmpeg('a.m4a', ...sine, '-c:a', 'aac'))).toMatchObject({ format: 'm4a', durationSeconds: undefined });
  });

  it('states the full length of a tiny FLAC of long digital silence (what a decompression bomb looks like)', async () => {
    // frames of 65 535 samples: 20 kB for the hour
    const path = await fx.ffmpeg('silence.flac', '-f', 'lavfi', '-i', 'anullsrc=r=16000:cl=mono', '-t', '3600', '-c:a', 'flac', '-frame_size', '65535');
    const probe = await probeAudio(path);
    expect(probe.bytes).toBeLessThan(30_000);
    expect(probe.durationSeconds).toBe(3600);
  });

  it('refuses, before decoding, headers that promise more than the file holds', async () => {
    const sine = ['-f', 'lavfi', '-i', 'sine=f=440:d=6.05:sample_rate=44100'];
    await expectDecodeError(probeAudio(await cutInHalf(await fx.ffmpeg('b.wav', ...sine), 'half.wav')), 'truncated', /WAV header says/);
    await expectDecodeError(probeAudio(await cutInHalf(await fx.ffmpeg('b.opus', ...sine, '-c:a', 'libopus'), 'half.opus')), 'truncated', /Ogg Opus/);
    await expectDecodeError(probeAudio(await cutInHalf(await fx.ffmpeg('b.caf', ...sine), 'half.caf')), 'truncated', /CAF\) header says the file has 533,740 bytes but it ends after 266,870/);
    await expectDecodeError(probeAudio(await cutInHalf(await fx.ffmpeg('b.wma', ...sine, '-c:a', 'wmav2'), 'half.wma')), 'truncated', /WMA\/ASF header says the file has/);
  });

  it('leaves complete CAF and WMA files alone, and openAudio refuses their cut-off copies too', async () => {
    const sine = ['-f', 'lavfi', '-i', 'sine=f=440:d=2:sample_rate=16000'];
    const caf = await fx.ffmpeg('c.caf', ...sine);
    const wma = await fx.ffmpeg('c.wma', ...sine, '-c:a', 'wmav2');
    expect((await probeAudio(caf)).format).toBe('caf');
    expect((await probeAudio(wma)).format).toBe('wma');
    await expectDecodeError(openAudio(await cutInHalf(caf, 'cut.caf')), 'truncated');
    await expectDecodeError(openAudio(await cutInHalf(wma, 'cut.wma')), 'truncated');
  });

  it('refuses what is not audio and empty files', async () => {
    await writeFile(fx.path('notes.wav'), 'not audio at all\n');
    await expectDecodeError(probeAudio(fx.path('notes.wav')), 'unsupported-format', /text file/);
    await writeFile(fx.path('empty.flac'), new Uint8Array(0));
    await expectDecodeError(probeAudio(fx.path('empty.flac')), 'empty');
  });
});
