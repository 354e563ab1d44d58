// A short "talk" for the caption bench: sentences spoken by espeak-ng with a pause after each (where a live recogniser
// can end a caption), as a 16-bit mono WAV at the asked rate and as raw samples, with the words said. Cached in the OS
// temp directory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What was said, one sentence each, about 40 s spoken. */
export const TALK_SENTENCES: readonly string[] = [
  'good morning and welcome to the second day of the conference',
  'this talk is about how small teams keep their software running at night',
  'first we look at what happens when a service stops answering',
  'the person on call gets a message and opens the dashboard',
  'most of the time the problem is a full disk or an expired certificate',
  'we wrote down every incident for a whole year',
  'then we counted how long each one took to fix',
  'the answer surprised us more than we expected',
  'half of the time went into finding the right log file',
  'so we moved all the logs into one place and kept them for a month',
  'after that the average night call became twenty minutes shorter',
  'thank you for listening and please ask your questions now',
];

export interface TalkRecording {
  /** 16-bit mono WAV at `sampleRate`. */
  wav: string;
  pcm: Int16Array;
  sampleRate: number;
  seconds: number;
  /** The words said, in order. */
  text: string;
}

/** Renders (once) the talk at `sampleRate` with `pauseSeconds` of silence after each sentence. */
export function talkRecording(sampleRate = 16_000, pauseSeconds = 0.8): TalkRecording {
  const dir = join(tmpdir(), 'verbatim-browser-bench');
  mkdirSync(dir, { recursive: true });
  const wav = join(dir, `talk-${sampleRate}-${pauseSeconds}.wav`);
  const raw = `${wav}.s16`;
  if (!existsSync(wav) || !existsSync(raw)) {
    const parts = TALK_SENTENCES.map((sentence, i) => {
      const spoken = join(dir, `talk-sentence-${i}.wav`);
      execFileSync('espeak-ng', ['-v', 'en-us', '-s', '155', '-w', spoken, sentence]);
      const padded = join(dir, `talk-sentence-${i}-${sampleRate}.wav`);
      execFileSync('sox', [spoken, '-r', String(sampleRate), '-c', '1', '-b', '16', padded, 'pad', '0', String(pauseSeconds)]);
      return padded;
    });
    execFileSync('sox', [...parts, `${wav}.partial.wav`]);
    execFileSync('sox', [`${wav}.partial.wav`, '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1', '-r', String(sampleRate), '-L', `${raw}.partial`]);
    renameSync(`${raw}.partial`, raw);
    renameSync(`${wav}.partial.wav`, wav);
  }
  const bytes = readFileSync(raw);
  const pcm = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  return { wav, pcm, sampleRate, seconds: pcm.length / sampleRate, text: TALK_SENTENCES.join(' ') };
}
