// Test support: real audio files made by the installed sox and ffmpeg, in a temporary directory of their own.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A temporary directory and the tools that fill it. */
export interface AudioFixtures {
  readonly dir: string;
  path(name: string): string;
  /** Runs `sox <args>` in the directory and returns the absolute path of `output`, which the arguments write. */
  sox(output: string, ...args: string[]): Promise<string>;
  /** Runs `ffmpeg -y -v error <args> <output>` in the directory and returns the absolute path of `output`. */
  ffmpeg(output: string, ...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

/** Creates a fresh directory under the OS temp dir for one test file's fixtures. */
export async function createAudioFixtures(prefix = 'verbatim-audio-'): Promise<AudioFixtures> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const path = (name: string): string => join(dir, name);
  return {
    dir,
    path,
    async sox(output, ...args) {
      await run('sox', args, { cwd: dir });
      return path(output);
    },
    async ffmpeg(output, ...args) {
      await run('ffmpeg', ['-nostdin', '-y', '-v', 'error', ...args, output], { cwd: dir });
      return path(output);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
