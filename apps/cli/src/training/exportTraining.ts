import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { extract } from 'tar';
import type { ExportTrainingOptions } from '../parseCliArgs.ts';
import type { ProgressStream } from '../ProgressView.ts';
import { DownloadProgress, formatBytes } from './DownloadProgress.ts';

/** Where the command writes: the export's directory on stdout, progress and messages on stderr. */
export interface ExportTrainingStreams {
  readonly stdout: { write(chunk: string): boolean };
  readonly stderr: ProgressStream;
}

/** What export.json holds that the command checks (the whole format: `TrainingExportInfoJson` of @verbatim/core/api). */
interface ExportInfo {
  format?: string;
  splits?: Record<'train' | 'dev' | 'test', { segments: number; seconds: number; manifestSha256: string }>;
}

/** A failure with its exit code: 1 the server or the transfer, 2 a usage problem, 130 cancelled. */
class ExportTrainingError extends Error {
  readonly exitCode: number;

  constructor(exitCode: number, message: string) {
    super(message);
    this.exitCode = exitCode;
  }
}

/**
 * `verbatim export-training`: downloads a project's training export from the server and extracts it into
 * `<out>.partial` as it streams (bytes, and segments against the count the server announced, shown as progress),
 * checks that export.json and the three manifests arrived and match their hashes, and only then renames it to `out`.
 * Refuses an `out` that exists and is not empty (2); Ctrl-C (`signal`) stops the download and removes the partial
 * directory (130); a refusal by the server prints its message (1). Returns the exit code.
 *
 * @example
 * await exportTraining({ projectId, out: 'ward-export', server: 'http://localhost:8080', quiet: false }, streams, signal, process.env);
 */
export async function exportTraining(options: ExportTrainingOptions, streams: ExportTrainingStreams, signal: AbortSignal, env: NodeJS.ProcessEnv): Promise<number> {
  const out = resolve(options.out);
  const partial = `${out}.partial`;
  try {
    const server = options.server ?? env['VERBATIM_SERVER'];
    const token = options.token ?? env['VERBATIM_TOKEN'];
    if (server === undefined || server === '') throw new ExportTrainingError(2, 'export-training needs the server: --server URL or $VERBATIM_SERVER');
    if (token === undefined || token === '') throw new ExportTrainingError(2, "export-training needs an API token of the project's owner: --token TOKEN or $VERBATIM_TOKEN");
    const existing = await readdir(out).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      if (error.code === 'ENOTDIR') throw new ExportTrainingError(2, `${out} exists and is not a directory`);
      throw error;
    });
    if (existing !== undefined && existing.length > 0) throw new ExportTrainingError(2, `${out} exists and is not empty: choose another --out (an export is never written over another)`);
    // a directory left by an interrupted export of ours
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });

    const query = new URLSearchParams();
    if (options.minSeconds !== undefined) query.set('minSeconds', String(options.minSeconds));
    if (options.maxSeconds !== undefined) query.set('maxSeconds', String(options.maxSeconds));
    const url = `${server.replace(/\/+$/, '')}/api/projects/${options.projectId}/training-export${query.size > 0 ? `?${query}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ExportTrainingError(1, `cannot reach ${server}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
    }
    if (response.status !== 200 || response.body === null) throw new ExportTrainingError(1, await refusal(response));

    const segments = Number(response.headers.get('x-verbatim-segments') ?? NaN);
    const view = new DownloadProgress(`export ${options.projectId}`, segments, streams.stderr, !options.quiet);
    let bytes = 0;
    let written = 0;
    const body = response.body;
    const counted = (async function* () {
      for await (const chunk of body) {
        bytes += chunk.byteLength;
        view.update(written, bytes);
        yield chunk;
      }
    })();
    try {
      await extract({
        cwd: partial,
        input: counted,
        strict: true,
        // files and their folders only: nothing else belongs in an export
        filter: (path, entry) => {
          const type = (entry as { type?: string }).type;
          if (type !== 'File' && type !== 'Directory' && type !== 'OldFile') return false;
          if (path.endsWith('.wav')) {
            written += 1;
            view.update(written, bytes);
          }
          return true;
        },
      });
    } catch (error) {
      if (signal.aborted) throw error;
      view.finish('failed');
      throw new ExportTrainingError(1, `the download stopped before the end (${formatBytes(bytes)} received): ${(error as Error).message}`);
    }
    const info = await checkExport(partial);
    view.finish('done');
    if (existing !== undefined) await rmdir(out);
    await rename(partial, out);
    const splits = info.splits!;
    streams.stdout.write(`${out}\n`);
    streams.stderr.write(
      `verbatim: exported ${written} segments (train ${splits.train.segments}, dev ${splits.dev.segments}, test ${splits.test.segments}; ` +
        `${formatSeconds(splits.train.seconds + splits.dev.seconds + splits.test.seconds)} of speech) to ${out}; report.json says what was left out\n`,
    );
    return 0;
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    if (signal.aborted) {
      streams.stderr.write(`verbatim: export cancelled; nothing was left in ${out}\n`);
      return 130;
    }
    if (error instanceof ExportTrainingError) {
      streams.stderr.write(`verbatim: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** export.json and the three manifests are there and the manifests match the hashes export.json states. */
async function checkExport(dir: string): Promise<ExportInfo> {
  let info: ExportInfo;
  try {
    info = JSON.parse(await readFile(resolve(dir, 'export.json'), 'utf8')) as ExportInfo;
  } catch {
    throw new ExportTrainingError(1, 'the export arrived without a readable export.json: it is incomplete');
  }
  if (info.format !== 'verbatim-training-export' || info.splits === undefined) throw new ExportTrainingError(1, 'export.json is not a Verbatim training export');
  for (const split of ['train', 'dev', 'test'] as const) {
    const manifest = await readFile(resolve(dir, `${split}.jsonl`)).catch(() => undefined);
    const expected = info.splits[split]?.manifestSha256;
    if (manifest === undefined || createHash('sha256').update(manifest).digest('hex') !== expected) {
      throw new ExportTrainingError(1, `${split}.jsonl is missing or does not match the hash in export.json: the export is incomplete`);
    }
  }
  if (!(await stat(resolve(dir, 'report.json')).catch(() => undefined))?.isFile()) throw new ExportTrainingError(1, 'the export arrived without report.json');
  return info;
}

async function refusal(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string }; message?: string; code?: string };
    const message = body.error?.message ?? body.message;
    const code = body.error?.code ?? body.code;
    if (message !== undefined) return `the server refused the export (${response.status}${code === undefined ? '' : ` ${code}`}): ${message}`;
  } catch {
    // not JSON: the status says it
  }
  return `the server answered ${response.status} ${response.statusText}${text === '' ? '' : `: ${text.slice(0, 200)}`}`;
}

function formatSeconds(seconds: number): string {
  return seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`;
}
