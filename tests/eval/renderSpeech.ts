// Speech for evaluations, rendered with voices the bundled model never trained on (the recipe's held-out voices).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

/** The recipe's held-out voices: a flite voice, an espeak-ng accent and an espeak-ng variant never in training. */
export const HELD_OUT_VOICES = ['flite:slt', 'espeak:en-029+m3', 'espeak:en-gb-x-rp+f4'] as const;

/**
 * Renders `text` with `voice` to a 16 kHz mono WAV in `dir` (cached by voice and text) and returns its path.
 * @throws when espeak-ng, flite or sox is missing or fails.
 */
export function renderSpeech(text: string, voice: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${createHash('sha1').update(`${voice}\n${text}`).digest('hex').slice(0, 16)}.wav`);
  if (existsSync(out)) return out;
  const [engine, name] = voice.split(':') as [string, string];
  const raw = `${out}.tts.wav`;
  const tts = engine === 'flite'
    ? spawnSync('flite', ['-voice', name, '-t', text, '-o', raw])
    : spawnSync('espeak-ng', ['-v', name, '-s', '160', '-w', raw, text]);
  if (tts.error || tts.status !== 0) throw new Error(`${engine} failed for "${text}": ${tts.error?.message ?? tts.stderr}`);
  const sox = spawnSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', out]);
  rmSync(raw, { force: true });
  if (sox.error || sox.status !== 0) throw new Error(`sox failed: ${sox.error?.message ?? sox.stderr}`);
  return out;
}
