import { spawn } from 'node:child_process';

const cache = new Map<string, Promise<boolean>>();

/**
 * Whether `ffmpegPath` (a command on PATH or a file path) runs. Checked once per path and cached for the
 * life of the process.
 */
export function ffmpegAvailable(ffmpegPath = 'ffmpeg'): Promise<boolean> {
  let known = cache.get(ffmpegPath);
  if (known === undefined) {
    known = new Promise<boolean>((resolve) => {
      const child = spawn(ffmpegPath, ['-hide_banner', '-version'], { stdio: 'ignore' });
      child.once('error', () => resolve(false));
      child.once('close', (code) => resolve(code === 0));
    });
    cache.set(ffmpegPath, known);
  }
  return known;
}
