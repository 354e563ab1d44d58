// A long interview-like recording for benchmarks: 10 minutes of varied sentences from espeak-ng, repeated with sox to
// the asked length (3 hours = ~30,000 words). Cached in the OS temp directory.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SUBJECTS = ['the interviewer', 'my grandmother', 'the council', 'our team', 'the nurse', 'a neighbour', 'the students', 'my landlord'];
const VERBS = ['talked about', 'worried about', 'asked us about', 'remembered', 'wrote down', 'complained about', 'explained', 'laughed about'];
const OBJECTS = ['the rent going up', 'the bus timetable', 'the new clinic', 'benefits forms', 'the winter heating bill', 'school meals', 'the night shifts', 'the food bank'];
const TAILS = ['last year', 'every week', 'in the morning', 'when the money ran out', 'after the meeting', 'most of the time', 'before the holidays', 'again and again'];

/** 16 kHz mono WAV of at least `seconds` seconds in `dir`; returns its path. */
export function longRecording(seconds: number): string {
  const dir = join(tmpdir(), 'verbatim-browser-bench');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `long-${seconds}.wav`);
  if (existsSync(out)) return out;
  const piece = join(dir, 'piece.wav');
  if (!existsSync(piece)) {
    const lines: string[] = [];
    for (let i = 0; i < 160; i++) {
      lines.push(`${SUBJECTS[i % 8]} ${VERBS[(i * 3) % 8]} ${OBJECTS[(i * 5) % 8]} ${TAILS[(i * 7) % 8]}.`);
    }
    const text = join(dir, 'piece.txt');
    writeFileSync(text, lines.join('\n'));
    const raw = join(dir, 'piece-raw.wav');
    execFileSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-f', text, '-w', raw]);
    execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', piece]);
  }
  const pieceSeconds = Number(execFileSync('soxi', ['-D', piece], { encoding: 'utf8' }).trim());
  const repeats = Math.max(0, Math.ceil(seconds / pieceSeconds) - 1);
  execFileSync('sox', [piece, `${out}.partial.wav`, 'repeat', String(repeats)]);
  renameSync(`${out}.partial.wav`, out);
  return out;
}
