// Test and benchmark helper: short recordings of real speech, each different (media are stored by their content, so
// forty uploads of one file would be one recording), made by espeak-ng as the media tests make theirs.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const SENTENCES = [
  'The quick brown fox jumps over the lazy dog.',
  'We met at the station before the morning train.',
  'Please read the next question slowly and clearly.',
  'The interview started a little after ten.',
  'She said the results were better than expected.',
];

/**
 * Writes `count` WAV files of espeak-ng speech (22 050 Hz mono, about three seconds each, each one different: it
 * names its number) into `dir` and returns their paths, `clip-<n>.wav`.
 */
export function makeSpeechClips(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `clip-${i + 1}.wav`);
    const text = `Recording ${i + 1}. ${SENTENCES[i % SENTENCES.length]}`;
    execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', path, text], { stdio: ['ignore', 'pipe', 'pipe'] });
    paths.push(path);
  }
  return paths;
}
