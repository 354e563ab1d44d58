// The model store on real files: the bundled model installed from a directory, archives and a local HTTP server,
// probed with onnxruntime, committed under the lock; every refusal checked to leave the store as it was.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, WriteEntry } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSherpaNemoCtcPackage, writeWav2vec2CtcPackage } from '../../../test/modelPackages.ts';
import { loadModelBundle } from '../loadModelBundle.ts';
import type { ModelInstallProgress } from './InstalledModel.ts';
import { ModelStore } from './ModelStore.ts';
import { ModelStoreError } from './ModelStoreError.ts';
import { packageSha256 } from './packageSha256.ts';

const bundled = join(import.meta.dirname, '..', '..', '..', '..', '..', 'models', 'verbatim-en-char-v1');
/** The bundled model's version as its model.json names it (a promoted model gets the next one). */
const bundledVersion = (JSON.parse(readFileSync(join(bundled, 'model.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'verbatim-store-'));
let n = 0;
const freshStore = (options?: ConstructorParameters<typeof ModelStore>[1]) => new ModelStore(join(work, `store-${n++}`), options);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A small Verbatim bundle: the bundled model's ONNX and tokens, its model.json without the LM, and a card. */
function smallBundle(edit?: (json: Record<string, unknown>) => void, card = '# test model\n'): string {
  const dir = join(work, `bundle-${n++}`, 'verbatim-small');
  mkdirSync(dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(bundled, 'model.json'), 'utf8')) as Record<string, unknown>;
  delete json.lm;
  delete json.eval;
  delete json.fixtures;
  edit?.(json);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json, null, 1));
  cpSync(join(bundled, 'model.onnx'), join(dir, 'model.onnx'));
  cpSync(join(bundled, 'tokens.txt'), join(dir, 'tokens.txt'));
  writeFileSync(join(dir, 'MODEL_CARD.md'), card);
  return dir;
}

/** What a store holds on disk, for "left as it was" checks. */
function contents(store: ModelStore) {
  const list = (d: string) => (existsSync(join(store.root, d)) ? readdirSync(join(store.root, d)).sort() : []);
  return { objects: list('objects'), refs: list('refs'), tmp: list('tmp'), downloads: list('downloads') };
}

async function refusal(p: Promise<unknown>): Promise<Error & { code: string }> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(Error);
  return err as Error & { code: string };
}

let server: Server;
let base = '';
let handler: (req: IncomingMessage, res: ServerResponse) => void = () => {};
const ranges: (string | undefined)[] = [];
let small = '';
let smallArchive = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    ranges.push(req.headers.range);
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  small = smallBundle();
  smallArchive = join(work, 'verbatim-small.tar.gz');
  execFileSync('tar', ['-czf', smallArchive, '-C', join(small, '..'), 'verbatim-small']);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(work, { recursive: true, force: true });
});

/** Serves `file` with a Last-Modified date, answering `Range: bytes=N-` with 206 when `If-Range` matches it. */
function serveFile(file: string) {
  const body = readFileSync(file);
  const modified = new Date(statSync(file).mtimeMs).toUTCString();
  return (req: IncomingMessage, res: ServerResponse) => {
    const m = req.headers['if-range'] === modified ? /^bytes=(\d+)-$/.exec(req.headers.range ?? '') : null;
    const start = m ? Number(m[1]) : 0;
    res.writeHead(m ? 206 : 200, {
      'last-modified': modified,
      'content-length': body.length - start,
      ...(m ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    res.end(body.subarray(start));
  };
}

// installs copy, hash and probe a 12 MB model (bz2 in pure JS): seconds each on a busy machine
describe('ModelStore', { timeout: 60_000 }, () => {
  it('installs the bundled model from its directory: immutable, content-addressed, loadable', async () => {
    const store = freshStore({ now: () => 1_700_000_000_000 });
    const phases = new Set<ModelInstallProgress['phase']>();
    const model = await store.install(bundled, { installedBy: 'cli:test', onProgress: (p) => phases.add(p.phase) });
    expect(model).toMatchObject({
      id: 'verbatim-en-char',
      version: bundledVersion,
      ref: `verbatim-en-char@${bundledVersion}`,
      layout: 'verbatim',
      modelSha256: sha(join(bundled, 'model.onnx')),
      source: bundled,
      installedAt: 1_700_000_000_000,
      installedBy: 'cli:test',
      language: 'en',
      calibrated: true,
      hasLm: true,
    });
    expect(model.card).toContain('verbatim');
    expect(model.eval).toBeTruthy();
    expect(model.lineage).toEqual({ parent: null, manifestSha256: null, trainingSeconds: null, steps: null });
    expect([...phases]).toEqual(['hash', 'probe', 'commit']);
    expect(model.dir).toBe(join(store.root, 'objects', model.sha256));
    // the content hash is the sorted sha256sum lines of the package files
    const record = JSON.parse(readFileSync(join(model.dir, 'install.json'), 'utf8'));
    expect(record.files.map((f: { path: string }) => f.path)).toContain('model.onnx');
    expect(packageSha256(record.files)).toBe(model.sha256);
    for (const f of record.files) expect(sha(join(bundled, f.path))).toBe(f.sha256);
    expect(model.sizeBytes).toBe(record.files.reduce((s: number, f: { size: number }) => s + f.size, 0));
    // files read-only; the runtime loads the installed copy
    expect(statSync(join(model.dir, 'model.onnx')).mode & 0o222).toBe(0);
    const bundle = await loadModelBundle(model.dir);
    expect(bundle.modelHash).toBe(model.modelSha256);
    expect(JSON.parse(readFileSync(join(store.root, 'refs', `verbatim-en-char@${bundledVersion}.json`), 'utf8'))).toEqual({
      sha256: model.sha256,
      installedAt: 1_700_000_000_000,
      installedBy: 'cli:test',
      source: bundled,
    });
    expect(await store.list()).toEqual([model]);
    expect(await store.get('verbatim-en-char')).toEqual(model);
    expect(await store.get(`verbatim-en-char@${bundledVersion}`)).toEqual(model);
    expect(await store.get('verbatim-en-char@2.0.0')).toBeUndefined();
    expect(await store.findBySha256(model.sha256)).toEqual(model);
    expect(await store.findBySha256(model.modelSha256)).toEqual(model);
    expect(contents(store).tmp).toEqual([]);
  });

  it('is one model for one package: the same files again, as an archive or under another name, add nothing', async () => {
    const store = freshStore();
    const first = await store.install(small, { id: 'small', version: '1.0.0' });
    const again = await store.install(small, { id: 'small', version: '1.0.0' });
    expect(again).toEqual(first);
    const renamed = await store.install(small, { id: 'other-name', version: '9' });
    expect(renamed.ref).toBe('small@1.0.0');
    const fromArchive = await store.install(smallArchive, { id: 'small', version: '1.0.0' });
    expect(fromArchive.sha256).toBe(first.sha256);
    expect(contents(store)).toMatchObject({ objects: [first.sha256], refs: ['small@1.0.0.json'], tmp: [] });
  });

  it('refuses an id@version that already names other content, naming both hashes', async () => {
    const store = freshStore();
    const first = await store.install(small, { id: 'small', version: '1.0.0' });
    const changed = smallBundle(undefined, '# a different card\n');
    const err = await refusal(store.install(changed, { id: 'small', version: '1.0.0' }));
    expect(err).toBeInstanceOf(ModelStoreError);
    expect(err.code).toBe('already-installed');
    expect(err.message).toContain(first.sha256);
    expect(err.message).toMatch(/this package's hash is [0-9a-f]{64}/);
    const second = await store.install(changed, { id: 'small', version: '1.0.1' });
    expect(second.sha256).not.toBe(first.sha256);
    expect((await store.list()).map((m) => m.ref)).toEqual(['small@1.0.0', 'small@1.0.1']);
    expect((await store.get('small'))?.ref).toBe('small@1.0.1');
  });

  it('installs .tar.gz and .tar.bz2 archives whose files sit in one top-level folder', async () => {
    const store = freshStore();
    const bz2 = join(work, 'verbatim-small.tar.bz2');
    execFileSync('tar', ['-cjf', bz2, '-C', join(small, '..'), 'verbatim-small']);
    const phases: string[] = [];
    const model = await store.install(bz2, { version: '2.0.0', onProgress: (p) => phases.push(p.phase) });
    expect(model).toMatchObject({ id: 'verbatim-en-char', version: '2.0.0', source: bz2, layout: 'verbatim' });
    expect(phases).toContain('extract');
    const gz = await store.install(smallArchive, { version: '2.0.0' });
    expect(gz.sha256).toBe(model.sha256);
    expect(contents(store).tmp).toEqual([]);
  });

  it('installs from a URL: progress, the expected checksum, and a resume after a cut connection', async () => {
    const store = freshStore();
    const size = statSync(smallArchive).size;
    // the connection drops once the client has the first MiB
    let open: ServerResponse | undefined;
    handler = (_req, res) => {
      open = res;
      res.writeHead(200, { 'last-modified': new Date(statSync(smallArchive).mtimeMs).toUTCString(), 'content-length': size });
      res.write(readFileSync(smallArchive).subarray(0, 1 << 20));
    };
    const url = `${base}/models/verbatim-small.tar.gz`;
    const cut = await refusal(
      store.install(url, { allowHttp: true, sha256: sha(smallArchive), onProgress: (p) => p.receivedBytes >= 1 << 20 && open?.destroy() }),
    );
    expect(cut.code).toBe('download-failed');
    expect(contents(store)).toMatchObject({ objects: [], refs: [], tmp: [] });
    expect(contents(store).downloads).toHaveLength(2); // the partial file and its validator
    handler = serveFile(smallArchive);
    ranges.length = 0;
    const seen: ModelInstallProgress[] = [];
    const model = await store.install(url, { allowHttp: true, sha256: sha(smallArchive).toUpperCase(), version: '3.0.0', onProgress: (p) => seen.push(p) });
    expect(ranges[0]).toBe(`bytes=${1 << 20}-`);
    const downloads = seen.filter((p) => p.phase === 'download');
    expect(downloads.at(-1)).toEqual({ phase: 'download', receivedBytes: size, totalBytes: size });
    expect(downloads[0]!.receivedBytes).toBe(1 << 20); // resumed, not restarted
    expect(model).toMatchObject({ source: url, version: '3.0.0' });
    expect(contents(store)).toMatchObject({ downloads: [], tmp: [] });
  });

  it('refuses a URL download with the wrong checksum, too large, stalled or over plain http, leaving the store as it was', async () => {
    const store = freshStore();
    handler = serveFile(smallArchive);
    const url = `${base}/verbatim-small.tar.gz`;
    const wrong = 'ab'.repeat(32);
    const mismatch = await refusal(store.install(url, { allowHttp: true, sha256: wrong }));
    expect(mismatch.code).toBe('checksum-mismatch');
    expect(mismatch.message).toContain(sha(smallArchive));
    expect(mismatch.message).toContain(wrong);
    const large = await refusal(store.install(url, { allowHttp: true, maxBytes: 1000 }));
    expect(large.code).toBe('download-too-large');
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': 1 << 20 });
      res.write('x');
    };
    const stalled = await refusal(store.install(url, { allowHttp: true, timeoutMs: 100 }));
    expect(stalled.code).toBe('download-timeout');
    const http = await refusal(store.install(url));
    expect(http.code).toBe('invalid-source');
    expect(http.message).toContain('only https:// URLs');
    expect(contents(store)).toMatchObject({ objects: [], refs: [], tmp: [] });
  });

  it('refuses hostile archives and sources that are no package, leaving the store as it was', async () => {
    const store = freshStore();
    const climb = join(work, 'climb.tar.gz');
    await create({ file: climb, gzip: true, preservePaths: true }, [new WriteEntry({ path: 'pkg/model.json' }, '{}'), new WriteEntry({ path: '../x' }, 'boom')]);
    expect((await refusal(store.install(climb))).code).toBe('invalid-archive');
    const linked = join(work, 'linked');
    cpSync(small, join(linked, 'pkg'), { recursive: true });
    execFileSync('ln', ['-s', '/etc/passwd', join(linked, 'pkg', 'tokens2.txt')]);
    const sym = join(work, 'linked.tar.gz');
    execFileSync('tar', ['-czf', sym, '-C', linked, 'pkg']);
    const err = await refusal(store.install(sym));
    expect(err.code).toBe('invalid-archive');
    expect(err.message).toContain('symbolic link');
    expect((await refusal(store.install(join(work, 'nothing-here')))).code).toBe('invalid-source');
    const text = join(work, 'notes.txt');
    writeFileSync(text, 'hello');
    expect((await refusal(store.install(text))).message).toContain('neither a directory nor');
    expect(contents(store)).toMatchObject({ objects: [], refs: [], tmp: [] });
  });

  it('leaves nothing behind when the probe decode fails or the install is cancelled', async () => {
    const store = freshStore();
    const broken = smallBundle((json) => delete json.sha256);
    writeFileSync(join(broken, 'model.onnx'), Buffer.alloc(4096, 1));
    const err = await refusal(store.install(broken, { id: 'broken', version: '1' }));
    expect(err.name).toBe('ModelBundleError');
    expect(err.message).toContain('model.onnx');
    expect(contents(store)).toMatchObject({ objects: [], refs: [], tmp: [] });
    const controller = new AbortController();
    const cancelled = await refusal(
      store.install(small, { signal: controller.signal, onProgress: (p) => p.phase === 'probe' && controller.abort(new Error('user')) }),
    );
    expect(cancelled.code).toBe('cancelled');
    expect(contents(store)).toMatchObject({ objects: [], refs: [], tmp: [] });
  });

  it('clears what a stopped process left in tmp/: old staging and interrupted removals, not a fresh install', async () => {
    const store = freshStore();
    const tmp = join(store.root, 'tmp');
    for (const name of ['install-old', 'install-fresh', 'removed-abc']) mkdirSync(join(tmp, name, 'bundle'), { recursive: true });
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    utimesSync(join(tmp, 'install-old'), dayAgo, dayAgo);
    await store.install(small);
    expect(readdirSync(tmp)).toEqual(['install-fresh']);
  });

  it('commits one model when two installs of the same package race', async () => {
    const root = join(work, `store-${n++}`);
    const [a, b] = await Promise.all([new ModelStore(root).install(small), new ModelStore(root).install(smallArchive)]);
    expect(a).toEqual(b);
    expect(contents(new ModelStore(root))).toMatchObject({ objects: [a.sha256], refs: [`${a.ref}.json`], tmp: [] });
  });

  it('removes a model version unless something uses it; the object goes with its last ref', async () => {
    const store = freshStore();
    const model = await store.install(small, { version: '1.0.0' });
    const err = await refusal(store.remove('verbatim-en-char@1.0.0', { inUse: (m) => (m.sha256 === model.sha256 ? 'the default alias points at it' : undefined) }));
    expect(err.code).toBe('model-in-use');
    expect(err.message).toContain('the default alias points at it');
    expect(await store.list()).toHaveLength(1);
    expect((await refusal(store.remove('verbatim-en-char@9.9.9'))).code).toBe('model-not-found');
    expect(await store.remove('verbatim-en-char', { inUse: () => undefined })).toEqual(model);
    expect(await store.list()).toEqual([]);
    expect(contents(store)).toMatchObject({ objects: [], refs: [], tmp: [] });
  });
});

describe('ModelStore with generated layouts', { timeout: 60_000 }, () => {
  it('installs a sherpa-onnx NeMo CTC .tar.bz2 as published; the model.json it generates is not part of the hash', async () => {
    const store = freshStore();
    const parent = join(work, `sherpa-${n++}`);
    const pkg = join(parent, 'sherpa-onnx-nemo-ctc-en-tiny');
    writeSherpaNemoCtcPackage(pkg, { frames: ['▁the', '<blk>', '▁cat'] });
    writeFileSync(join(pkg, 'README.md'), '# tiny sherpa model\n');
    const archive = join(work, 'sherpa-onnx-nemo-ctc-en-tiny.tar.bz2');
    execFileSync('tar', ['-cjf', archive, '-C', parent, 'sherpa-onnx-nemo-ctc-en-tiny']);
    const model = await store.install(archive);
    expect(model).toMatchObject({ id: 'sherpa-onnx-nemo-ctc-en-tiny', layout: 'sherpa-nemo-ctc', calibrated: false, hasLm: false, card: '# tiny sherpa model\n' });
    const record = JSON.parse(readFileSync(join(model.dir, 'install.json'), 'utf8'));
    expect(record.files.map((f: { path: string }) => f.path).sort()).toEqual(['README.md', 'model.onnx', 'tokens.txt']);
    expect(model.sha256).toBe(packageSha256(['README.md', 'model.onnx', 'tokens.txt'].map((f) => ({ path: f, sha256: sha(join(pkg, f)), size: 0 }))));
    // the generated model.json sits in the object and loads; it names what the files say
    const bundle = await loadModelBundle(model.dir);
    expect(bundle.modelHash).toBe(sha(join(pkg, 'model.onnx')));
    expect(bundle.id).toBe(model.id);
    // the same files under another name, unpacked: the same model
    const again = await store.install(pkg, { id: 'renamed', version: '7.0.0' });
    expect(again.ref).toBe(model.ref);
    expect(contents(store)).toMatchObject({ objects: [model.sha256], refs: [`${model.ref}.json`] });
  });

  it('installs a wav2vec2 CTC export (ONNX, vocab.json and Hugging Face configs)', async () => {
    const store = freshStore();
    const pkg = join(work, `w2v-${n++}`, 'wav2vec2-tiny-en');
    writeWav2vec2CtcPackage(pkg);
    const model = await store.install(pkg, { version: '1.0.0' });
    expect(model).toMatchObject({ ref: 'wav2vec2-tiny-en@1.0.0', layout: 'wav2vec2-ctc', calibrated: false, modelSha256: sha(join(pkg, 'model.onnx')) });
    expect((await loadModelBundle(model.dir)).input.kind).toBe('waveform');
  });

  it('refuses tokens that do not match the output width, and an ONNX whose probe gives non-finite log-probs, leaving the store as it was', async () => {
    const store = freshStore();
    const wide = join(work, `wide-${n++}`, 'pkg');
    writeSherpaNemoCtcPackage(wide, { vocabWidth: 20 });
    const mismatch = await refusal(store.install(wide));
    expect(mismatch).toMatchObject({ name: 'ModelBundleError', code: 'tokens-mismatch' });
    expect(mismatch.message).toContain("tokens.txt lists 13 tokens but model.onnx's output logprobs declares 20 symbols per frame");
    const nan = join(work, `nan-${n++}`, 'pkg');
    writeSherpaNemoCtcPackage(nan, { nonFinite: true });
    const probe = await refusal(store.install(nan));
    expect(probe).toMatchObject({ name: 'ModelBundleError', code: 'probe-failed' });
    expect(probe.message).toContain('model.onnx: output logprobs holds NaN');
    expect(contents(store)).toMatchObject({ objects: [], refs: [], tmp: [] });
  });
});
