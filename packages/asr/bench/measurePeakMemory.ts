import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What one child process reported. */
export interface PeakMemory {
  audioSeconds: number;
  wallSeconds: number;
  words: number;
  /** Resident set size once the model was loaded, after a garbage collection, MB. */
  loadedRssMB: number;
  /** Peak resident set size of the whole process over the run, MB. */
  peakRssMB: number;
}

/** Transcribes `file` in a fresh `node --expose-gc` process (bench/peakMemory.ts) and returns its report. */
export function measurePeakMemory(bundleDir: string, file: string, threads: number): Promise<PeakMemory> {
  const script = join(import.meta.dirname, 'peakMemory.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, bundleDir, file, String(threads)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as PeakMemory);
      else reject(new Error(`the memory probe exited with ${code}: ${err.trim() || out.trim()}`));
    });
  });
}
