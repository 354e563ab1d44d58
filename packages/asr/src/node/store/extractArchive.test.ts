import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, WriteEntry } from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { extractArchive } from './extractArchive.ts';
import { ModelStoreError } from './ModelStoreError.ts';

const work = mkdtempSync(join(tmpdir(), 'verbatim-extract-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(work, `out-${n++}`);
  mkdirSync(d);
  return d;
};

/** A package folder `pkg/` with two files, as sherpa-onnx lays its archives out. */
function packageDir(): string {
  const src = join(work, `src-${n++}`);
  mkdirSync(join(src, 'pkg', 'sub'), { recursive: true });
  writeFileSync(join(src, 'pkg', 'model.onnx'), Buffer.alloc(70_000, 7));
  writeFileSync(join(src, 'pkg', 'sub', 'tokens.txt'), '<blk> 0\n');
  return src;
}

async function refusal(archive: string, maxBytes = 1 << 30): Promise<ModelStoreError> {
  const dest = fresh();
  const err = await extractArchive(archive, dest, { maxBytes }).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ModelStoreError);
  return err as ModelStoreError;
}

describe('extractArchive', () => {
  it('extracts a .tar.gz made by the tar package into the one top-level folder it holds, with progress', async () => {
    const src = packageDir();
    const archive = join(work, 'pkg.tar.gz');
    await create({ file: archive, gzip: true, cwd: src }, ['pkg']);
    const seen: [number, number][] = [];
    const dir = await extractArchive(archive, fresh(), { maxBytes: 1 << 20, onProgress: (read, size) => seen.push([read, size]) });
    expect(dir.endsWith('pkg')).toBe(true);
    expect(readFileSync(join(dir, 'model.onnx')).equals(Buffer.alloc(70_000, 7))).toBe(true);
    expect(readFileSync(join(dir, 'sub', 'tokens.txt'), 'utf8')).toBe('<blk> 0\n');
    const size = statSync(archive).size;
    expect(seen.at(-1)).toEqual([size, size]);
  });

  it('extracts a .tar.bz2 made by the tar command, and a plain .tar whose files sit at the top', async () => {
    const src = packageDir();
    const bz2 = join(work, 'pkg.tar.bz2');
    execFileSync('tar', ['-cjf', bz2, '-C', src, 'pkg']);
    const dir = await extractArchive(bz2, fresh(), { maxBytes: 1 << 20 });
    expect(readdirSync(dir).sort()).toEqual(['model.onnx', 'sub']);
    const flat = join(work, 'flat.tar');
    execFileSync('tar', ['-cf', flat, '-C', join(src, 'pkg'), 'model.onnx', 'sub']);
    const out = fresh();
    expect(await extractArchive(flat, out, { maxBytes: 1 << 20 })).toBe(out);
  });

  it('refuses an entry climbing out with ".." and one with an absolute path, writing nothing outside', async () => {
    const climb = join(work, 'climb.tar');
    await create({ file: climb, preservePaths: true }, [new WriteEntry({ path: 'pkg/model.onnx' }, 'x'), new WriteEntry({ path: '../escaped.txt' }, 'boom')]);
    expect((await refusal(climb)).message).toMatch(/"\.\.\/escaped\.txt" has an absolute path or a "\.\." component/);
    expect(readdirSync(work)).not.toContain('escaped.txt');
    const absolute = join(work, 'absolute.tar');
    await create({ file: absolute, preservePaths: true }, [new WriteEntry({ path: '/tmp/verbatim-absolute.txt' }, 'boom')]);
    expect((await refusal(absolute)).code).toBe('invalid-archive');
  });

  it('refuses symbolic links, hard links and devices', async () => {
    const src = packageDir();
    execFileSync('ln', ['-s', '/etc/passwd', join(src, 'pkg', 'passwd')]);
    const sym = join(work, 'sym.tar.gz');
    execFileSync('tar', ['-czf', sym, '-C', src, 'pkg']);
    const err = await refusal(sym);
    expect(err.code).toBe('invalid-archive');
    expect(err.message).toContain('"pkg/passwd" is a symbolic link');
    const hard = join(work, 'hard.tar');
    await create({ file: hard }, [new WriteEntry({ path: 'a' }, 'x'), new WriteEntry({ path: 'b', type: 'Link', linkpath: 'a' })]);
    expect((await refusal(hard)).message).toContain('is a hard link');
    const dev = join(work, 'dev.tar');
    await create({ file: dev }, [new WriteEntry({ path: 'null', type: 'CharacterDevice' })]);
    expect((await refusal(dev)).message).toContain('is a character device');
  });

  it('refuses an archive whose files add up to more than the cap, and one that is not an archive', async () => {
    const src = packageDir();
    const archive = join(work, 'big.tar.gz');
    await create({ file: archive, gzip: true, cwd: src }, ['pkg']);
    const err = await refusal(archive, 50_000);
    expect(err.code).toBe('archive-too-large');
    expect(err.message).toContain('50000-byte limit');
    const junk = join(work, 'junk.tar.gz');
    writeFileSync(junk, 'this is not an archive at all, just some text that is long enough to fill a header block '.repeat(10));
    expect((await refusal(junk)).code).toBe('invalid-archive');
  });

  it('stops when cancelled', async () => {
    const src = packageDir();
    const archive = join(work, 'cancel.tar');
    execFileSync('tar', ['-cf', archive, '-C', src, 'pkg']);
    const controller = new AbortController();
    controller.abort();
    const err = await extractArchive(archive, fresh(), { maxBytes: 1 << 20, signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'cancelled' });
  });
});
