import { describe, expect, it } from 'vitest';
import { DownloadProgress } from './DownloadProgress.ts';

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { isTTY, write: (chunk: string) => written.push(chunk) > 0 } };
}

describe('DownloadProgress', () => {
  it('logs segments against the announced count and bytes at each tenth when not on a terminal', () => {
    const { written, out } = sink(false);
    const progress = new DownloadProgress('export p', 20, out, true);
    for (let i = 0; i <= 20; i += 1) progress.update(i, i * 1024 * 100);
    progress.finish('done');
    expect(written).toHaveLength(11);
    expect(written[0]).toBe('export p: 0% 0/20 segments, 0 KiB\n');
    expect(written[5]).toBe('export p: 50% 10/20 segments, 1000 KiB\n');
    expect(written.at(-1)).toBe('export p: 100% 20/20 segments, 2.0 MiB: done\n');
  });

  it('redraws one line on a terminal at most every 100 ms, and says nothing when quiet', () => {
    let now = 0;
    const tty = sink(true);
    const progress = new DownloadProgress('export p', undefined, tty.out, true, () => now);
    progress.update(1, 10);
    progress.update(2, 20);
    now = 150;
    progress.update(3, 30);
    expect(tty.written).toEqual(['\r\x1b[2Kexport p: 1 segments, 0 KiB', '\r\x1b[2Kexport p: 3 segments, 0 KiB']);
    const quiet = sink(true);
    const silent = new DownloadProgress('export p', 5, quiet.out, false);
    silent.update(5, 100);
    silent.finish('failed');
    expect(quiet.written).toEqual([]);
  });
});
