// `verbatim model install|list|remove` and `transcribe --model <id@version>` end to end: the real bin's main in a
// child process, a temporary store, the bundled model, a local https server for URL installs and Ctrl-C.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const main = join(import.meta.dirname, '..', 'main.ts');
const bundle = join(import.meta.dirname, '..', '..', '..', '..', 'models', 'verbatim-en-char-v1');
/** The bundled model's reference, as its model.json names it (a promoted model gets the next version). */
const bundledRef = `verbatim-en-char@${(JSON.parse(readFileSync(join(bundle, 'model.json'), 'utf8')) as { version: string }).version}`;
/** `text` matched literally inside a regular expression. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const dir = mkdtempSync(join(tmpdir(), 'verbatim-cli-model-'));
const store = join(dir, 'store');
const cert = join(dir, 'cert.pem');
const key = join(dir, 'key.pem');
let server: Server;
let base = '';
let handler: (req: IncomingMessage, res: ServerResponse) => void = () => {};

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_EXTRA_CA_CERTS: cert, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `cli` without blocking this process, whose event loop serves the https requests the child makes. */
function cliAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_EXTRA_CA_CERTS: cert } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The store's top-level listing of one folder. */
const inStore = (root: string, sub: string) => (existsSync(join(root, sub)) ? readdirSync(join(root, sub)) : []);

beforeAll(async () => {
  execFileSync('espeak-ng', ['-w', join(dir, 'one.wav'), 'the interview started at ten in the morning']);
  // a certificate for 127.0.0.1 that the child trusts through NODE_EXTRA_CA_CERTS: URL installs are https only
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('verbatim model', () => {
  it('installs the bundled model into a store, lists it, transcribes with it by reference and removes it', () => {
    const install = cli(['model', 'install', bundle, '--store', store]);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toBe(`${bundledRef}\n`);
    expect(install.stderr).toContain('copy and hash verbatim-en-char-v1: 50%');
    expect(install.stderr).toContain('copy and hash verbatim-en-char-v1: done');
    expect(install.stderr).toContain('probe decode: done');
    expect(install.stderr).toMatch(new RegExp(`installed ${escaped(bundledRef)} \\(verbatim layout, [\\d.]+ MB, calibrated confidence, with a language model\\)`));

    const again = cli(['model', 'install', bundle, '--store', store, '--quiet']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`already installed as ${bundledRef}`);
    expect(again.stderr).not.toContain('copy and hash');
    expect(again.stderr).not.toContain('probe');
    expect(inStore(store, 'refs')).toEqual([`${bundledRef}.json`]);

    const list = cli(['model', 'list'], { VERBATIM_MODEL_STORE: store });
    expect(list.code).toBe(0);
    const [header, row, ...rest] = list.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^MODEL\s+LAYOUT\s+SIZE\s+CONFIDENCE\s+LM\s+INSTALLED\s+SHA256$/);
    expect(row).toMatch(new RegExp(`^${escaped(bundledRef)}\\s+verbatim\\s+[\\d.]+ MB\\s+calibrated\\s+yes\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+[0-9a-f]{12}$`));
    expect(rest).toEqual([]);
    const json = JSON.parse(cli(['model', 'list', '--json', '--store', store]).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ ref: bundledRef, layout: 'verbatim', installedBy: expect.stringMatching(/^cli/) });

    // the installed model transcribes exactly as its bundle directory does
    const out = join(dir, 'out');
    mkdirSync(out);
    const byRef = cli(['transcribe', join(dir, 'one.wav'), '--model', bundledRef, '--store', store, '--out', out, '--lm', 'off', '--format', 'json']);
    expect(byRef.code, byRef.stderr).toBe(0);
    const fromStore = JSON.parse(readFileSync(join(out, 'one.json'), 'utf8'));
    const byDir = cli(['transcribe', join(dir, 'one.wav'), '--model', bundle, '--out', out, '--lm', 'off', '--format', 'json', '--overwrite']);
    expect(byDir.code, byDir.stderr).toBe(0);
    const fromDir = JSON.parse(readFileSync(join(out, 'one.json'), 'utf8'));
    expect(fromStore.words.length).toBeGreaterThan(3);
    expect(fromStore.words).toEqual(fromDir.words);
    expect(fromStore.model).toEqual(fromDir.model);
    const byId = cli(['transcribe', join(dir, 'one.wav'), '--model', 'verbatim-en-char', '--out', out, '--lm', 'off', '--overwrite'], { VERBATIM_MODEL_STORE: store });
    expect(byId.code, byId.stderr).toBe(0);

    const missing = cli(['transcribe', join(dir, 'one.wav'), '--model', 'parakeet@1.0.0', '--store', store, '--out', out]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`no installed model parakeet@1.0.0 in ${store} (installed: ${bundledRef})`);

    const remove = cli(['model', 'remove', bundledRef, '--store', store]);
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.stdout).toBe(`${bundledRef}\n`);
    expect(inStore(store, 'objects')).toEqual([]);
    expect(cli(['model', 'list', '--store', store]).stderr).toContain(`no models installed in ${store}`);
    const gone = cli(['model', 'remove', 'verbatim-en-char', '--store', store]);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain('no installed model verbatim-en-char');
  });

  it('installs a sherpa-onnx package of nothing but model.onnx and tokens.txt, which transcribes as the bundle does', () => {
    const sherpa = join(dir, 'sherpa-onnx-verbatim-en-char');
    mkdirSync(sherpa);
    for (const f of ['model.onnx', 'tokens.txt']) cpSync(join(bundle, f), join(sherpa, f));
    const sherpaStore = join(dir, 'sherpa-store');
    const install = cli(['model', 'install', sherpa, '--store', sherpaStore, '--quiet']);
    expect(install.code, install.stderr).toBe(0);
    const ref = install.stdout.trim();
    expect(ref).toMatch(/^sherpa-onnx-verbatim-en-char@/);
    expect(install.stderr).toContain('sherpa-nemo-ctc layout');
    expect(install.stderr).toContain('uncalibrated confidence');
    const out = join(dir, 'sherpa-out');
    mkdirSync(out);
    const words = (model: string) => {
      // the bundle also brings a punctuation model, which the sherpa package (an acoustic model alone) does not
      const r = cli(['transcribe', join(dir, 'one.wav'), '--model', model, '--store', sherpaStore, '--out', out, '--lm', 'off', '--no-punctuate', '--format', 'json', '--overwrite']);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(readFileSync(join(out, 'one.json'), 'utf8')).words as { text: string; start: number; end: number }[]).map(({ text, start, end }) => ({ text, start, end }));
    };
    const fromSherpa = words(ref);
    expect(fromSherpa.length).toBeGreaterThan(3);
    // the same words at the same times; confidence differs, the package having no calibration
    expect(fromSherpa).toEqual(words(bundle));
  });

  it('two processes installing into one store at once: one model per package, nothing left in tmp', async () => {
    const shared = join(dir, 'shared-store');
    const small = join(dir, 'small-package');
    mkdirSync(small);
    for (const f of ['model.onnx', 'tokens.txt']) cpSync(join(bundle, f), join(small, f));
    // the same ONNX with two different cards: two packages, neither the same content as `small`
    const [carded, recarded] = ['a', 'b'].map((card) => {
      const d = join(dir, `small-package-card-${card}`);
      cpSync(small, d, { recursive: true });
      writeFileSync(join(d, 'README.md'), `# card ${card}\n`);
      return d;
    }) as [string, string];
    const runs = await Promise.all([
      cliAsync(['model', 'install', small, '--store', shared, '--quiet']),
      cliAsync(['model', 'install', small, '--store', shared, '--quiet']),
      cliAsync(['model', 'install', carded, '--id', 'pinned', '--version', '1', '--store', shared, '--quiet']),
      cliAsync(['model', 'install', recarded, '--id', 'pinned', '--version', '1', '--store', shared, '--quiet']),
    ]);
    // the same package twice: one model, whichever committed first
    expect(runs[0]!.code, runs[0]!.stderr).toBe(0);
    expect(runs[1]!.code, runs[1]!.stderr).toBe(0);
    expect(runs[0]!.stdout).toBe(runs[1]!.stdout);
    // pinned@1 for two different packages at once: exactly one wins; the other is refused naming both hashes
    const pinned = [runs[2]!, runs[3]!];
    expect(pinned.map((r) => r.code).sort()).toEqual([0, 3]);
    expect(pinned.find((r) => r.code === 3)!.stderr).toMatch(/pinned@1 is already installed with package hash [0-9a-f]{64}; this package's hash is [0-9a-f]{64}/);
    const refs = inStore(shared, 'refs').sort();
    expect(refs).toHaveLength(2);
    expect(refs).toContain('pinned@1.json');
    expect(inStore(shared, 'objects')).toHaveLength(refs.length);
    expect(inStore(shared, 'tmp')).toEqual([]);
  });

  it('exits 2 for usage mistakes and missing sources, 3 for a package that is not a model', () => {
    const store = join(dir, 'error-store');
    expect(cli(['model', 'install']).code).toBe(2);
    expect(cli(['model', 'install', bundle, '--sha256', 'xyz']).stderr).toContain('--sha256 must be 64 hexadecimal digits');
    const nowhere = cli(['model', 'install', join(dir, 'no-such-dir'), '--store', store]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('does not exist');
    const empty = join(dir, 'empty-package');
    mkdirSync(empty);
    const notModel = cli(['model', 'install', empty, '--store', store]);
    expect(notModel.code).toBe(3);
    expect(notModel.stderr).toContain('empty-package');
    expect(inStore(store, 'objects')).toEqual([]);
  });

  it('installs from an https URL with the expected sha256, refuses a wrong one, and cancels cleanly on Ctrl-C', async () => {
    const archive = join(dir, 'verbatim-en-char.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', join(bundle, '..'), 'verbatim-en-char-v1/model.json', 'verbatim-en-char-v1/model.onnx', 'verbatim-en-char-v1/tokens.txt', 'verbatim-en-char-v1/lm.bin']);
    const body = readFileSync(archive);
    const sha = createHash('sha256').update(body).digest('hex');
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    };
    const urlStore = join(dir, 'url-store');
    const wrong = await cliAsync(['model', 'install', `${base}/verbatim-en-char.tar.gz`, '--sha256', 'cd'.repeat(32), '--store', urlStore]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain(`has sha256 ${sha}, but ${'cd'.repeat(32)} was expected`);
    const ok = await cliAsync(['model', 'install', `${base}/verbatim-en-char.tar.gz`, '--sha256', sha, '--version', '1.0.0-url', '--store', urlStore]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('verbatim-en-char@1.0.0-url\n');
    expect(ok.stderr).toContain('download verbatim-en-char.tar.gz: done');

    // a server that sends the headers and a first chunk, then nothing: the install is in its download when Ctrl-C lands
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 1000));
    };
    const cancelStore = join(dir, 'cancel-store');
    const child = spawn(process.execPath, [main, 'model', 'install', `${base}/slow.tar.gz`, '--store', cancelStore], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: cert },
    });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('download slow.tar.gz: 0%') && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('was cancelled');
    expect(inStore(cancelStore, 'objects')).toEqual([]);
    expect(inStore(cancelStore, 'refs')).toEqual([]);
    expect(inStore(cancelStore, 'tmp')).toEqual([]);
  }, 60_000);
});
