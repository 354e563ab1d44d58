// A model package published over https, as a team would download one: a throwaway self-signed certificate (made with
// the system's openssl) that a server started afterwards trusts through NODE_EXTRA_CA_CERTS, the package as a .tar.gz
// at /<name>.tar.gz with its sha256, and /slow.tar.gz, which sends a first chunk of a large file and then waits (for
// cancelling a download while it runs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export interface ModelPackageServer {
  /** The certificate's file, for NODE_EXTRA_CA_CERTS of the process that downloads. */
  readonly caFile: string;
  /** Publishes `dir` as `/<name>.tar.gz` (with `edit` applied to a copy first); its URL and the archive's sha256. */
  publish(dir: string, name: string, edit?: (copy: string) => void): { url: string; sha256: string; bytes: number };
  /** A URL whose download starts and never finishes (until the server closes). */
  readonly slowUrl: string;
  close(): Promise<void>;
}

/** Starts the https server on a free port of 127.0.0.1. */
export async function startModelPackageServer(): Promise<ModelPackageServer> {
  const dir = mkdtempSync(join(tmpdir(), 'verbatim-e2e-packages-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {
    stdio: 'ignore',
  });
  const files = new Map<string, Buffer>();
  const sockets = new Set<Socket>();
  const server: Server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    if (req.url === '/slow.tar.gz') {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': String(64 * 1024 * 1024) });
      res.write(Buffer.alloc(256 * 1024));
      return; // and nothing more
    }
    const body = files.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': String(body.length) });
    res.end(body);
  });
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  const base = `https://127.0.0.1:${port}`;
  return {
    caFile: cert,
    slowUrl: `${base}/slow.tar.gz`,
    publish(source, name, edit) {
      const copy = join(dir, name);
      cpSync(source, copy, { recursive: true });
      edit?.(copy);
      const archive = join(dir, `${name}.tar.gz`);
      execFileSync('tar', ['-czf', archive, '-C', dir, basename(copy)]);
      const body = readFileSync(archive);
      files.set(`/${name}.tar.gz`, body);
      return { url: `${base}/${name}.tar.gz`, sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sets `version` in the model.json of a bundle directory (a different package of the same model). */
export function setBundleVersion(dir: string, version: string): void {
  const file = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
  json.version = version;
  writeFileSync(file, JSON.stringify(json, null, 2));
}
