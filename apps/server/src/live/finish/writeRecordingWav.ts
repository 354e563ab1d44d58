import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { encodeWav } from '../../training/encodeWav.ts';

/**
 * Writes a live session's raw recording (s16le mono samples, no header) as a 16-bit mono WAV file at `wavPath`,
 * streamed (a long talk never sits in memory whole), fsynced. An odd trailing byte is left out. Resolves with the
 * samples written and the WAV's sha256 (what the media store will key its blob by).
 */
export async function writeRecordingWav(pcmPath: string, wavPath: string, sampleRate: number): Promise<{ samples: number; sha256: string }> {
  const samples = Math.floor((await stat(pcmPath)).size / 2);
  const header = encodeWav(new Float32Array(0), sampleRate);
  header.writeUInt32LE(36 + samples * 2, 4);
  header.writeUInt32LE(samples * 2, 40);
  const hash = createHash('sha256').update(header);
  const out = await open(wavPath, 'w');
  try {
    await out.write(header);
    if (samples > 0) {
      for await (const chunk of createReadStream(pcmPath, { start: 0, end: samples * 2 - 1, highWaterMark: 1 << 20 })) {
        hash.update(chunk as Buffer);
        await out.write(chunk as Buffer);
      }
    }
    await out.sync();
  } finally {
    await out.close();
  }
  return { samples, sha256: hash.digest('hex') };
}
