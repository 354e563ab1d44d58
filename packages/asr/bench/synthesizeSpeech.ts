import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './runCommand.ts';
import { BENCH_SENTENCES, BENCH_VOICES } from './speechScript.ts';

const RATE = 16_000;
const GAP_SAMPLES = 0.3 * RATE;
// bump when the way the audio is made changes, so old caches are not reused
const RECIPE_VERSION = 2;

/** One synthesised sentence: its own WAV file and where it sits in the long recording. */
export interface BenchUtterance {
  file: string;
  text: string;
  voice: string;
  /** Offset in the long recording, seconds. */
  start: number;
  seconds: number;
}

/** The benchmark recording: 16 kHz mono 16-bit WAV of exactly the asked length, and the utterances it holds. */
export interface BenchSpeech {
  file: string;
  seconds: number;
  dir: string;
  utterances: BenchUtterance[];
}

interface Manifest {
  seconds: number;
  utterances: BenchUtterance[];
}

/**
 * Speaks the benchmark sentences with espeak-ng in several voices, converts each to 16 kHz mono with sox and
 * concatenates whole utterances (0.3 s apart, silence-padded at the end) into a recording of exactly `seconds`.
 * Cached in the OS temp directory under a hash of the script, the length and the tool versions.
 */
export async function synthesizeSpeech(seconds: number, log: (line: string) => void): Promise<BenchSpeech> {
  const versions = (await runCommand('espeak-ng', ['--version'])) + (await runCommand('sox', ['--version']));
  const key = createHash('sha256')
    .update(JSON.stringify({ RECIPE_VERSION, seconds, BENCH_SENTENCES, BENCH_VOICES, versions }))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'verbatim-bench', key);
  const file = join(dir, 'speech.wav');
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile) && existsSync(file)) {
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
    if (manifest.utterances.every((u) => existsSync(u.file))) return { file, dir, ...manifest };
  }

  log(`synthesising ${seconds} s of speech with espeak-ng into ${dir} (cached for later runs) ...`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const total = Math.round(seconds * RATE);
  const utterances: BenchUtterance[] = [];
  const lengths: number[] = [];
  let at = 0;
  for (let i = 0; ; i++) {
    const text = BENCH_SENTENCES[i % BENCH_SENTENCES.length]!;
    const { voice, wordsPerMinute } = BENCH_VOICES[i % BENCH_VOICES.length]!;
    const raw = join(dir, 'espeak.wav');
    const utt = join(dir, `utt-${String(i).padStart(4, '0')}.wav`);
    await runCommand('espeak-ng', ['-v', voice, '-s', String(wordsPerMinute), '-w', raw, text]);
    await runCommand('sox', [raw, '-b', '16', utt, 'channels', '1', 'rate', String(RATE)]);
    const samples = Number((await runCommand('sox', ['--i', '-s', utt])).trim());
    if (at + samples > total) {
      await rm(utt);
      break;
    }
    utterances.push({ file: utt, text, voice, start: at / RATE, seconds: samples / RATE });
    lengths.push(samples);
    at += samples + GAP_SAMPLES;
  }
  await rm(join(dir, 'espeak.wav'), { force: true });
  if (utterances.length === 0) throw new Error(`${seconds} s is too short for one benchmark sentence`);

  const gap = join(dir, 'gap.wav');
  // rate and channels before -n describe the null input, so the sample count is at 16 kHz
  await runCommand('sox', ['-r', String(RATE), '-c', '1', '-n', '-b', '16', gap, 'trim', '0', `${GAP_SAMPLES}s`]);
  const inputs = utterances.flatMap((u, i) => (i === 0 ? [u.file] : [gap, u.file]));
  const spoken = lengths.reduce((a, b) => a + b, 0) + GAP_SAMPLES * (utterances.length - 1);
  const partial = join(dir, 'speech.partial.wav');
  await runCommand('sox', [...inputs, partial, 'pad', '0', `${total - spoken}s`]);
  const made = Number((await runCommand('sox', ['--i', '-s', partial])).trim());
  if (made !== total) throw new Error(`sox made ${made} samples instead of ${total} for ${partial}`);
  await rename(partial, file);
  const manifest: Manifest = { seconds, utterances };
  await writeFile(manifestFile, JSON.stringify(manifest, null, 1));
  return { file, dir, ...manifest };
}

/** `speech` played `times` times back to back (one WAV, cached beside it). */
export async function repeatSpeech(speech: BenchSpeech, times: number): Promise<{ file: string; seconds: number }> {
  const file = join(speech.dir, `speech-x${times}.wav`);
  if (!existsSync(file)) {
    const partial = join(speech.dir, `speech-x${times}.partial.wav`);
    await runCommand('sox', [speech.file, partial, 'repeat', String(times - 1)]);
    await rename(partial, file);
  }
  return { file, seconds: speech.seconds * times };
}
