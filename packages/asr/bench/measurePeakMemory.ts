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
  return runMemoryProbe<PeakMemory>('peakMemory.ts', [bundleDir, file, String(threads)], 'the memory probe');
}

/**
 * Runs bench/`script` with `args` in a fresh `node --expose-gc` process and resolves with the JSON object it prints
 * on its last line of output; rejects naming `label` when it exits otherwise.
 */
export function runMemoryProbe<T>(script: string, args: readonly string[], label: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', join(import.meta.dirname, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as T);
      else reject(new Error(`${label} exited with ${code}: ${err.trim() || out.trim()}`));
    });
  });
}
