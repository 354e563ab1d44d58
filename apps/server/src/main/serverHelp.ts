import { SERVER_SETTINGS } from '../config/loadConfig.ts';

// What each flag sets; a test checks that every setting of loadConfig has a line here.
export const FLAG_HELP: Readonly<Record<string, string>> = Object.freeze({
  port: 'port to listen on (0 picks a free one)',
  host: 'address to listen on',
  'data-dir': 'SQLite database, uploaded media and waveform peaks',
  database: 'a postgres:// URL: run on PostgreSQL instead of <data-dir>/verbatim.db',
  'media-dir': 'uploaded media and peaks; shared by every process (must exist)',
  'media-store': "s3://bucket/prefix: media in an S3-compatible bucket, --media-dir its cache",
  's3-endpoint': "an S3-compatible server's URL (path-style); credentials from AWS_*",
  'model-dir': 'the speech model bundle, installed into the model store at start',
  'model-store': 'the installed models, content-addressed',
  'web-dir': 'the built web workbench',
  workers: 'transcription worker threads (0: none, worker processes transcribe)',
  'upload-limit': 'largest upload (e.g. 2GiB, 500MB)',
  'max-duration': 'longest recording accepted (e.g. 6h, 90min)',
  'max-expansion': 'how many times its size a file may decode to',
  'idle-timeout': 'a connection silent this long is closed (at least 20s)',
  'public-url': 'the address people use (https makes cookies Secure)',
  'plugin-dirs': 'folders of plugins, separated like PATH ("" for none)',
  plugins: 'npm package names of plugins, comma-separated',
  'plugin-errors': 'skip (leave a failing plugin out) or fail (fail the job)',
  'plugin-timeout-ms': 'time limit of one plugin call',
  'plugin-memory-mb': "memory of one plugin's sandbox",
  'trust-proxy': 'reverse proxies whose X-Forwarded-For names the client (0-10)',
  'live-viewer-rate': 'requests per minute one address may make to caption screens',
  'live-viewer-streams-per-address': 'caption streams open at once from one address',
  'live-viewer-streams': 'caption streams open at once on the whole server',
});

/** `verbatim-server --help`: the commands, then every flag with its environment variable and default. */
export function serverHelp(): string {
  const rows = SERVER_SETTINGS.map((s) => [`--${s.flag} <value>`, s.env, s.fallback === '' ? 'none' : s.fallback, FLAG_HELP[s.flag] ?? ''] as const);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const envWidth = Math.max(...rows.map(([, env]) => env.length));
  return [
    'Usage:',
    '  verbatim-server [flags]                          start the server (npm start -- [flags])',
    '  verbatim-server admin reset-password <email>     give an account a new one-time password, printed once',
    '                  [--data-dir <dir>]               (the server may be running or stopped)',
    '                  [--database <url>]',
    '  verbatim-server worker [flags]                   transcription only, no HTTP: runs --workers jobs from the',
    '                                                   shared queue (flags: --data-dir, --database, --media-dir,',
    '                                                   --media-store, --s3-endpoint, --workers, --model-dir,',
    '                                                   --model-store and the plugin ones)',
    '  verbatim-server migrate-documents                migrate every stored transcript document to the current',
    '                  [--data-dir <dir>]               schema (old logs kept in doc_backups; Ctrl+C stops between two)',
    '                  [--database <url>]',
    '  verbatim-server --help                           this text',
    '',
    'Flags (each also read from its environment variable; a flag wins):',
    ...rows.map(([flag, env, fallback, what]) => `  ${flag.padEnd(width)}  ${env.padEnd(envWidth)}  ${what} (default: ${fallback})`),
    '',
    'Exit codes: 0 done; 1 could not start or open the data directory (migrate-documents: some failed, or stopped);',
    '2 a bad flag, value or command;',
    '3 admin reset-password: no account with that email;',
    '4 the server or a worker could not reach the --database (or sign in to it) at start;',
    '5 the server or a worker could not use the --media-store bucket at start (missing, credentials refused, no answer).',
  ].join('\n');
}
