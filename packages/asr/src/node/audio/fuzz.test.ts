import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../decode/seededRandom.ts';
import { AudioDecodeError } from '../../audio/AudioDecodeError.ts';
import { type AudioFixtures, createAudioFixtures } from '../../../test/audioFixtures.ts';
import { decodeAudioFile } from './decodeAudioFile.ts';

// One valid file per decoder path; each gets CASES seeded mutations. Every decode must either succeed or reject
// with an AudioDecodeError: no other exception, no hang, no unhandled rejection.
const CASES = 50;
const CASE_TIMEOUT_MS = 10_000;

const BASES: readonly { name: string; make: (fx: AudioFixtures, source: string) => Promise<string> }[] = [
  { name: 'wav', make: (fx, src) => fx.sox('base.wav', src, '-b', '16', 'base.wav') },
  { name: 'flac', make: (fx, src) => fx.sox('base.flac', src, 'base.flac') },
  { name: 'mp3', make: (fx, src) => fx.ffmpeg('base.mp3', '-i', src, '-c:a', 'libmp3lame', '-b:a', '64k') },
  { name: 'ogg-vorbis', make: (fx, src) => fx.sox('base.ogg', src, 'base.ogg') },
  { name: 'ogg-opus', make: (fx, src) => fx.ffmpeg('base.opus', '-i', src, '-c:a', 'libopus', '-b:a', '32k') },
  { name: 'm4a', make: (fx, src) => fx.ffmpeg('base.m4a', '-i', src, '-c:a', 'aac', '-b:a', '64k') },
];

type Mutation = (bytes: Uint8Array, random: () => number) => Uint8Array;

const int = (random: () => number, n: number): number => Math.floor(random() * n);
// half of the mutations aim at the first 256 bytes, where the headers are
const offset = (random: () => number, length: number): number => (random() < 0.5 ? int(random, Math.min(256, length)) : int(random, length));

const MUTATIONS: readonly [string, Mutation][] = [
  [
    'bit flips',
    (bytes, random) => {
      const out = bytes.slice();
      for (let n = 1 + int(random, 8); n > 0; n--) out[offset(random, out.length)]! ^= 1 << int(random, 8);
      return out;
    },
  ],
  ['truncation', (bytes, random) => bytes.slice(0, int(random, bytes.length))],
  [
    'garbage insertion',
    (bytes, random) => {
      const at = offset(random, bytes.length);
      const garbage = Uint8Array.from({ length: 1 + int(random, 64) }, () => int(random, 256));
      return Uint8Array.from([...bytes.subarray(0, at), ...garbage, ...bytes.subarray(at)]);
    },
  ],
  [
    'header field change',
    (bytes, random) => {
      const out = bytes.slice();
      const at = int(random, Math.min(64, out.length - 4));
      const value = [0, 0xff, int(random, 256)][int(random, 3)]!;
      out.fill(value, at, at + 1 + int(random, 4));
      return out;
    },
  ],
  [
    'range deletion',
    (bytes, random) => {
      const at = offset(random, bytes.length);
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + int(random, 2048))]);
    },
  ],
];

let fx: AudioFixtures;
let source: string;

beforeAll(async () => {
  fx = await createAudioFixtures('verbatim-audio-fuzz-');
  source = await fx.sox('source.wav', '-n', '-r', '22050', '-c', '2', '-b', '16', 'source.wav', 'synth', '0.5', 'sine', '300-2000', 'sine', '440', 'vol', '0.5');
});

afterAll(async () => {
  await fx?.remove();
});

describe('decoders under fuzzing', () => {
  it.each(BASES)('$name: every mutated file decodes or rejects with an AudioDecodeError', async ({ name, make }) => {
    const basePath = await make(fx, source);
    // a plain copy: Buffer#slice would share memory, and the mutations would pile up on the base
    const base = new Uint8Array(await readFile(basePath));
    // the unmutated file must decode, or the mutations prove nothing
    expect((await decodeAudioFile(basePath)).length).toBeGreaterThan(7000);
    // the WASM decoders print every damaged frame to the console; keep the test output readable
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    const random = seededRandom(0x5eed + name.length * 7919 + name.charCodeAt(0));
    const failures: string[] = [];
    const outcomes = { decoded: 0, rejected: 0 };
    try {
      for (let i = 0; i < CASES; i++) {
        const [kind, mutate] = MUTATIONS[i % MUTATIONS.length]!;
        const path = fx.path(`fuzz-${name}-${i}`);
        await writeFile(path, mutate(base, random));
        const outcome = await withTimeout(decodeAudioFile(path), CASE_TIMEOUT_MS).then(
          (samples) => (samples instanceof Float32Array ? 'decoded' : `returned ${String(samples)}`),
          (error: unknown) => (error instanceof AudioDecodeError ? 'rejected' : `threw ${describeError(error)}`),
        );
        if (outcome === 'decoded' || outcome === 'rejected') outcomes[outcome]++;
        else failures.push(`case ${i} (${kind}): ${outcome}`);
      }
      // let any stray promise rejection surface before checking
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
      quiet.mockRestore();
    }
    expect(failures).toEqual([]);
    expect(unhandled).toEqual([]);
    // the mutations must actually break some files
    expect(outcomes.rejected).toBeGreaterThan(5);
  }, 60_000);
});

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'hang'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
