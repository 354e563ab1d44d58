import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPath, writeOutput } from './writeOutput.ts';

describe('writeOutput', () => {
  it('names outputs after the input', () => {
    expect(outputPath('/a/b/interview 01.mp3', 'srt')).toBe('/a/b/interview 01.srt');
    expect(outputPath('/a/b/x.wav', 'json', '/out')).toBe('/out/x.json');
  });

  it('writes atomically, refuses to clobber, replaces with overwrite, leaves no temp files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verbatim-out-'));
    const p = join(dir, 't.txt');
    await writeOutput(p, 'first', false);
    await expect(writeOutput(p, 'second', false)).rejects.toThrow('exists (use --overwrite');
    expect(readFileSync(p, 'utf8')).toBe('first');
    await writeOutput(p, new TextEncoder().encode('third'), true);
    expect(readFileSync(p, 'utf8')).toBe('third');
    expect(readdirSync(dir)).toEqual(['t.txt']);
  });

  it('fails cleanly when the directory does not exist', async () => {
    await expect(writeOutput('/nonexistent-dir/x.txt', 'x', false)).rejects.toThrow();
  });
});
