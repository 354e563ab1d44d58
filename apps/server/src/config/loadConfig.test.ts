import { readFileSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './ConfigError.ts';
import { databaseUrlForDisplay, withoutDatabasePassword } from './databaseUrlForDisplay.ts';
import { BUNDLED_MODEL_DIR, BUNDLED_PLUGINS_DIR, BUNDLED_WEB_DIR, loadConfig } from './loadConfig.ts';
import { parseByteSize } from './parseByteSize.ts';

const cwd = resolve('/srv/verbatim');

function load(argv: string[] = [], env: Record<string, string> = {}) {
  return loadConfig({ argv, env, cwd });
}

function failure(argv: string[], env: Record<string, string> = {}): ConfigError {
  try {
    load(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify({ argv, env })}`);
}

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(load()).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: resolve(cwd, '.data'),
      database: undefined,
      mediaDir: resolve(cwd, '.data', 'media'),
      modelDir: BUNDLED_MODEL_DIR,
      modelStoreDir: resolve(cwd, '.data', 'models'),
      webDir: BUNDLED_WEB_DIR,
      workers: 1,
      uploadLimitBytes: 2 * 1024 ** 3,
      maxDurationSeconds: 6 * 3600,
      maxExpansion: 1000,
      idleTimeoutMs: 60_000,
      publicUrl: undefined,
      secureCookies: false,
      pluginDirs: [BUNDLED_PLUGINS_DIR],
      plugins: [],
      pluginErrors: 'skip',
      pluginTimeoutMs: 5000,
      pluginMemoryMb: 256,
      trustProxy: 0,
      liveViewerRequestsPerMinute: 6000,
      liveViewerStreamsPerAddress: 2000,
      liveViewerStreams: 10_000,
    });
    expect(BUNDLED_MODEL_DIR).toBe(resolve(import.meta.dirname, '../../../../models/verbatim-en-char-v1'));
    expect(BUNDLED_PLUGINS_DIR).toBe(resolve(import.meta.dirname, '../../../../plugins'));
    expect(BUNDLED_WEB_DIR).toBe(resolve(import.meta.dirname, '../../../../apps/web/dist'));
  });

  it('finds the workbench by path, not by package: the server does not depend on @verbatim/web', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    expect(pkg['name']).toBe('@verbatim/server');
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) expect(Object.keys(pkg[field] ?? {}), field).not.toContain('@verbatim/web');
  });

  it('reads the media limits and the idle timeout from the environment and flags', () => {
    expect(load(['--max-duration', '90min', '--max-expansion', '250'], { VERBATIM_IDLE_TIMEOUT: '2m' })).toMatchObject({
      maxDurationSeconds: 5400,
      maxExpansion: 250,
      idleTimeoutMs: 120_000,
    });
    expect(load([], { VERBATIM_MAX_DURATION: '1h30m' }).maxDurationSeconds).toBe(5400);
    expect(load(['--max-duration', '7200']).maxDurationSeconds).toBe(7200);
    const duration = failure(['--max-duration', '6 days']);
    expect(duration.code).toBe('invalid-max-duration');
    expect(duration.message).toMatch(/--max-duration .*such as 6h, 90min/);
    expect(failure(['--max-expansion', '0']).code).toBe('invalid-max-expansion');
    expect(failure(['--max-expansion', 'lots']).code).toBe('invalid-max-expansion');
    // below the job event streams' 15 s keep-alives
    expect(failure(['--idle-timeout', '5s']).code).toBe('invalid-idle-timeout');
  });

  it('reads where the built web workbench is from the environment and flags', () => {
    expect(load([], { VERBATIM_WEB_DIR: 'web' }).webDir).toBe(resolve(cwd, 'web'));
    expect(load(['--web-dir', '/opt/verbatim/web'], { VERBATIM_WEB_DIR: 'web' }).webDir).toBe(resolve('/opt/verbatim/web'));
    expect(failure(['--web-dir', '']).code).toBe('invalid-path');
  });

  it('reads the plugin settings from the environment and flags', () => {
    const env = {
      VERBATIM_PLUGIN_DIRS: ['plugins', '/opt/verbatim/plugins'].join(delimiter),
      VERBATIM_PLUGINS: '@acme/verbatim-legal, verbatim-plugin-x,@acme/verbatim-legal',
      VERBATIM_PLUGIN_ERRORS: 'fail',
      VERBATIM_PLUGIN_TIMEOUT_MS: '2500',
      VERBATIM_PLUGIN_MEMORY_MB: '128',
    };
    expect(load([], env)).toMatchObject({
      pluginDirs: [resolve(cwd, 'plugins'), resolve('/opt/verbatim/plugins')],
      plugins: ['@acme/verbatim-legal', 'verbatim-plugin-x'],
      pluginErrors: 'fail',
      pluginTimeoutMs: 2500,
      pluginMemoryMb: 128,
    });
    const flagged = load(['--plugin-dirs', '/srv/plugins', '--plugins', 'one', '--plugin-errors', 'skip', '--plugin-timeout-ms', '100', '--plugin-memory-mb', '16'], env);
    expect(flagged).toMatchObject({ pluginDirs: [resolve('/srv/plugins')], plugins: ['one'], pluginErrors: 'skip', pluginTimeoutMs: 100, pluginMemoryMb: 16 });
    // an empty flag turns the bundled plugins off; an empty variable counts as unset
    expect(load(['--plugin-dirs', '']).pluginDirs).toEqual([]);
    expect(load([], { VERBATIM_PLUGIN_DIRS: '' }).pluginDirs).toEqual([BUNDLED_PLUGINS_DIR]);
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      VERBATIM_PORT: '9000',
      VERBATIM_HOST: '0.0.0.0',
      VERBATIM_DATA_DIR: 'var/data',
      VERBATIM_MODEL_DIR: '/opt/models/x',
      VERBATIM_WORKERS: '3',
      VERBATIM_UPLOAD_LIMIT: '500MB',
    };
    expect(load([], env)).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      dataDir: resolve(cwd, 'var/data'),
      modelDir: resolve('/opt/models/x'),
      workers: 3,
      uploadLimitBytes: 500_000_000,
    });
    const flagged = load(['--port', '0', '--host=[::1]', '--data-dir', '/data', '--workers', '2', '--upload-limit', '1.5 GiB'], env);
    expect(flagged).toMatchObject({ port: 0, host: '::1', dataDir: resolve('/data'), workers: 2, uploadLimitBytes: 1.5 * 1024 ** 3 });
  });

  it('runs on the SQLite file unless given a PostgreSQL URL, from the flag or the environment', () => {
    expect(load(['--database', 'postgres://verbatim:pw@db:5432/verbatim']).database).toBe('postgres://verbatim:pw@db:5432/verbatim');
    expect(load([], { VERBATIM_DATABASE_URL: 'postgresql://db.example.org/verbatim?sslmode=require' }).database).toBe('postgresql://db.example.org/verbatim?sslmode=require');
    // a Unix socket directory as the host parameter
    expect(load(['--database', 'postgres:///verbatim?host=/var/run/postgresql']).database).toBe('postgres:///verbatim?host=/var/run/postgresql');
    expect(load(['--database', 'postgres://a@one/x'], { VERBATIM_DATABASE_URL: 'postgres://b@two/y' }).database).toBe('postgres://a@one/x');
    expect(load([], { VERBATIM_DATABASE_URL: '' }).database).toBeUndefined();
  });

  it('never puts the database password in a message', () => {
    for (const text of ['mysql://root:hunter2@db/verbatim', 'root:hunter2@db', 'postgres://root:hunter2@db', 'postgres://root:hunter2@/x', 'postgres://root@db/x?password=hunter2&port=']) {
      let message = '';
      try {
        load(['--database', text]);
      } catch (error) {
        message = (error as Error).message;
      }
      if (message === '') continue; // accepted: checked by the next assertion instead
      expect(message).not.toContain('hunter2');
    }
    expect(databaseUrlForDisplay('postgres://verbatim:hunter2@db:5432/verbatim?sslmode=require&password=hunter2')).toBe('postgres://verbatim@db:5432/verbatim');
    expect(databaseUrlForDisplay('postgresql://verbatim@db/verbatim')).toBe('postgresql://verbatim@db/verbatim');
    expect(databaseUrlForDisplay('/srv/verbatim/verbatim.db')).toBe('/srv/verbatim/verbatim.db');
    expect(withoutDatabasePassword('password authentication failed (sent h%C3%BCnter2 / hünter2)', 'postgres://v:h%C3%BCnter2@db/x')).toBe('password authentication failed (sent *** / ***)');
  });

  it('keeps the media in the data directory unless told where', () => {
    expect(load(['--data-dir', '/srv/v']).mediaDir).toBe(resolve('/srv/v/media'));
    expect(load([], { VERBATIM_MEDIA_DIR: 'shared/media' }).mediaDir).toBe(resolve(cwd, 'shared/media'));
    expect(load(['--media-dir', '/mnt/media'], { VERBATIM_MEDIA_DIR: 'shared/media' }).mediaDir).toBe(resolve('/mnt/media'));
  });

  it('keeps the media in the media directory unless given an S3 bucket, from the flag or the environment', () => {
    expect(load()).toMatchObject({ mediaStore: undefined, s3Endpoint: undefined });
    expect(load(['--media-store', 's3://verbatim-media/prod', '--s3-endpoint', 'http://minio.internal:9000/'])).toMatchObject({
      mediaStore: 's3://verbatim-media/prod',
      s3Endpoint: 'http://minio.internal:9000',
    });
    expect(load([], { VERBATIM_MEDIA_STORE: 's3://verbatim-media', VERBATIM_S3_ENDPOINT: 'https://s3.example.org' })).toMatchObject({
      mediaStore: 's3://verbatim-media',
      s3Endpoint: 'https://s3.example.org',
    });
  });

  it('takes 0 workers: the process then only enqueues', () => {
    expect(load(['--workers', '0']).workers).toBe(0);
    expect(load([], { VERBATIM_WORKERS: '0' }).workers).toBe(0);
  });

  it('reads only the settings a command accepts: others are refused as flags and keep their defaults', () => {
    const accept = ['data-dir', 'database', 'workers'];
    const config = loadConfig({ argv: ['--workers', '3'], env: { VERBATIM_PORT: 'not a port', VERBATIM_DATA_DIR: '/srv/v' }, cwd, accept });
    expect(config).toMatchObject({ workers: 3, port: 8080, dataDir: resolve('/srv/v') });
    let error: unknown;
    try {
      loadConfig({ argv: ['--port', '9000'], env: {}, cwd, accept });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe("Unknown option '--port'. This command accepts --data-dir, --database, --workers.");
  });

  it('keeps the model store in the data directory unless told where', () => {
    expect(load(['--data-dir', '/srv/v']).modelStoreDir).toBe(resolve('/srv/v/models'));
    expect(load([], { VERBATIM_MODEL_STORE_DIR: 'store' }).modelStoreDir).toBe(resolve(cwd, 'store'));
    expect(load(['--model-store', '/shared/models'], { VERBATIM_MODEL_STORE_DIR: 'store' }).modelStoreDir).toBe(resolve('/shared/models'));
  });

  it('treats an empty environment variable as unset', () => {
    expect(load([], { VERBATIM_PORT: '', VERBATIM_PUBLIC_URL: '' })).toMatchObject({ port: 8080, publicUrl: undefined });
  });

  it('reads how many reverse proxies to trust for the client address', () => {
    expect(load(['--trust-proxy', '1']).trustProxy).toBe(1);
    expect(load([], { VERBATIM_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(load(['--live-viewer-rate', '12000', '--live-viewer-streams', '500'], { VERBATIM_LIVE_VIEWER_STREAMS_PER_ADDRESS: '400' })).toMatchObject({
      liveViewerRequestsPerMinute: 12_000,
      liveViewerStreamsPerAddress: 400,
      liveViewerStreams: 500,
    });
  });

  it('makes cookies Secure exactly when the public URL is https', () => {
    expect(load([], { VERBATIM_PUBLIC_URL: 'https://verbatim.example.org/' })).toMatchObject({
      publicUrl: 'https://verbatim.example.org',
      secureCookies: true,
    });
    expect(load(['--public-url', 'http://intranet:8080/verbatim/'])).toMatchObject({
      publicUrl: 'http://intranet:8080/verbatim',
      secureCookies: false,
    });
  });

  it.each([
    [['--port', 'eighty'], {}, 'invalid-port', '--port must be a port number from 0 to 65535 (0 picks a free one), not "eighty".'],
    [[], { VERBATIM_PORT: '70000' }, 'invalid-port', 'VERBATIM_PORT must be a port number from 0 to 65535 (0 picks a free one), not "70000".'],
    [['--port', '-1'], {}, 'missing-value', "Option '--port' argument is ambiguous."],
    [['--workers', '65'], {}, 'invalid-workers', '--workers must be a whole number of worker threads from 0 (none: `verbatim-server worker` processes transcribe) to 64, not "65".'],
    [[], { VERBATIM_WORKERS: '1.5' }, 'invalid-workers', 'VERBATIM_WORKERS must be a whole number of worker threads from 0'],
    [['--database', 'mysql://root:hunter2@db/verbatim'], {}, 'invalid-database', '--database must be a PostgreSQL URL such as postgres://verbatim@db.example.org:5432/verbatim (postgres:// or postgresql://), not "mysql:…"'],
    [[], { VERBATIM_DATABASE_URL: '/srv/verbatim.db' }, 'invalid-database', 'VERBATIM_DATABASE_URL must be a PostgreSQL URL'],
    [['--database', 'postgres://verbatim:hunter2@db.example.org:5432'], {}, 'invalid-database', '--database must name the database after the host, as in postgres://verbatim@localhost:5432/verbatim, not "postgres://verbatim@db.example.org:5432"'],
    [['--media-dir', ''], {}, 'invalid-path', '--media-dir must be a directory path, not "".'],
    [['--media-store', '/mnt/media'], {}, 'invalid-media-store', '--media-store must be an S3 URL such as s3://verbatim-media or s3://verbatim-media/some/prefix; leave it unset to keep the media in --media-dir.'],
    [[], { VERBATIM_MEDIA_STORE: 's3://Verbatim_Media/x' }, 'invalid-media-store', 'VERBATIM_MEDIA_STORE names the bucket "Verbatim_Media", which is not a valid S3 bucket name'],
    [['--s3-endpoint', 'minio:9000'], {}, 'invalid-s3-endpoint', '--s3-endpoint must be the http:// or https:// URL of an S3-compatible server, such as http://minio.internal:9000 (credentials go in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), not "minio:9000".'],
    [['--s3-endpoint', 'http://key:secret@minio:9000'], {}, 'invalid-s3-endpoint', 'not "http://minio:9000".'],
    [['--host', 'a b'], {}, 'invalid-host', '--host must be a host name or IP address'],
    [['--upload-limit', '2 jigabytes'], {}, 'invalid-upload-limit', '--upload-limit must be a size such as 2GiB, 500MB or 1048576 (bytes), not "2 jigabytes".'],
    [['--upload-limit', '2'], {}, 'invalid-upload-limit', '--upload-limit is "2", which is 2 bytes; the limit must be at least 1 KiB.'],
    [['--public-url', 'verbatim.example.org'], {}, 'invalid-public-url', '--public-url must be an absolute URL such as https://verbatim.example.org, not "verbatim.example.org".'],
    [['--public-url', 'ftp://example.org'], {}, 'invalid-public-url', '--public-url must start with http:// or https://'],
    [['--public-url', 'https://user:pw@example.org'], {}, 'invalid-public-url', 'without credentials'],
    [['--data-dir', ''], {}, 'invalid-path', '--data-dir must be a directory path, not "".'],
    [['--plugins', './my-plugin'], {}, 'invalid-plugins', '--plugins must be npm package names separated by commas (such as @acme/verbatim-legal), not "./my-plugin".'],
    [[], { VERBATIM_PLUGINS: 'ok, Not Ok' }, 'invalid-plugins', 'VERBATIM_PLUGINS must be npm package names separated by commas'],
    [['--plugin-errors', 'ignore'], {}, 'invalid-plugin-errors', '--plugin-errors must be skip (leave a failing plugin out of the job) or fail (fail the job), not "ignore".'],
    [['--plugin-timeout-ms', '5s'], {}, 'invalid-plugin-timeout', '--plugin-timeout-ms must be a whole number of milliseconds from 100 to 600000, not "5s".'],
    [[], { VERBATIM_PLUGIN_TIMEOUT_MS: '50' }, 'invalid-plugin-timeout', 'VERBATIM_PLUGIN_TIMEOUT_MS must be a whole number of milliseconds from 100'],
    [['--plugin-memory-mb', '0'], {}, 'invalid-plugin-memory', '--plugin-memory-mb must be a whole number of MB from 16 to 16384, not "0".'],
    [['--trust-proxy', 'yes'], {}, 'invalid-trust-proxy', '--trust-proxy must be a whole number of reverse proxies from 0 to 10, not "yes".'],
    [['--live-viewer-streams', '0'], {}, 'invalid-live-viewer-limit', '--live-viewer-streams must be a whole number of caption streams from 1 to 1000000, not "0".'],
    [['--prot', '80'], {}, 'unknown-option', "Unknown option '--prot'. The server accepts --port, --host, --data-dir"],
    [['--port'], {}, 'missing-value', "Option '--port <value>' argument missing."],
    [['serve'], {}, 'unexpected-argument', "Unexpected argument 'serve'."],
  ])('refuses %j %j with %s', (argv, env, code, message) => {
    const error = failure(argv, env as Record<string, string>);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('shortens a very long bad value in the message', () => {
    const error = failure(['--port', '9'.repeat(10_000)]);
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('parseByteSize', () => {
  it.each([
    ['1048576', 1048576],
    ['2GiB', 2 * 1024 ** 3],
    ['2 gib', 2 * 1024 ** 3],
    ['500MB', 500e6],
    ['1.5KiB', 1536],
    ['10 B', 10],
    ['1TB', 1e12],
  ])('reads %s', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));

  it.each(['', 'GiB', '-1MB', '2 GiBs', '1e3', '0x10', '99999999999 TiB'])('refuses %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});
