import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { ModelStore, ModelStoreError, type ModelInstallProgress } from '@verbatim/asr/node';
import type { Command } from '../parseCliArgs.ts';
import { ProgressView, type ProgressStream } from '../ProgressView.ts';
import { formatBytes, formatModelTable } from './formatModelTable.ts';
import { modelStoreRoot } from './modelStoreRoot.ts';

/** Where a model command writes: results on stdout, progress and messages on stderr. */
export interface CliStreams {
  readonly stdout: { write(chunk: string): boolean };
  readonly stderr: ProgressStream;
}

type ModelCommand = Extract<Command, { kind: 'model-install' | 'model-list' | 'model-remove' }>;

const PHASE_LABELS: Record<ModelInstallProgress['phase'], string> = {
  download: 'download',
  extract: 'extract',
  hash: 'copy and hash',
  probe: 'probe decode',
  commit: 'commit',
};

/**
 * The exit code for a model problem: 130 for a cancel, 2 for a source that does not exist or is no package format
 * (a mistake in the command), 3 for every other store, package or file-system error; undefined for anything else.
 */
export function modelErrorExitCode(err: unknown): number | undefined {
  if (err instanceof ModelStoreError) return err.code === 'cancelled' ? 130 : err.code === 'invalid-source' ? 2 : 3;
  if (err instanceof Error && err.name === 'ModelBundleError') return 3;
  // the file system refused (a store directory not writable, a full disk): said plainly, not as a stack trace
  if (err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string') return 3;
  return undefined;
}

/** Runs `verbatim model install|list|remove` against the store it names; returns the exit code. */
export async function runModelCommand(command: ModelCommand, streams: CliStreams, signal: AbortSignal): Promise<number> {
  const store = new ModelStore(modelStoreRoot(command.store));
  try {
    switch (command.kind) {
      case 'model-install': return await install(store, command, streams, signal);
      case 'model-list': {
        const models = await store.list();
        if (command.json) streams.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
        else if (models.length === 0) streams.stderr.write(`no models installed in ${store.root} (install one with: verbatim model install <dir | archive | https URL>)\n`);
        else streams.stdout.write(`${formatModelTable(models)}\n`);
        return 0;
      }
      case 'model-remove': {
        const model = await store.remove(command.ref);
        streams.stdout.write(`${model.ref}\n`);
        streams.stderr.write(`verbatim: removed ${model.ref} (${model.sha256.slice(0, 12)}) from ${store.root}\n`);
        return 0;
      }
    }
  } catch (err) {
    const code = modelErrorExitCode(err);
    if (code === undefined) throw err;
    streams.stderr.write(`verbatim: ${(err as Error).message}\n`);
    return code;
  }
}

async function install(store: ModelStore, command: Extract<ModelCommand, { kind: 'model-install' }>, streams: CliStreams, signal: AbortSignal): Promise<number> {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(command.source);
  const isDir = !isUrl && Boolean((await stat(command.source).catch(() => undefined))?.isDirectory());
  const phases: ModelInstallProgress['phase'][] = isUrl ? ['download', 'extract', 'hash', 'probe'] : isDir ? ['hash', 'probe'] : ['extract', 'hash', 'probe'];
  const name = basename(isUrl ? new URL(command.source).pathname : command.source) || command.source;
  const view = new ProgressView(phases.map((p) => (p === phases[0] ? `${PHASE_LABELS[p]} ${name}` : PHASE_LABELS[p])), streams.stderr, !command.quiet);
  let current = -1;
  const before = new Set((await store.list()).map((m) => m.ref));
  let installedBy: string;
  try {
    installedBy = `cli:${userInfo().username}`;
  } catch {
    installedBy = 'cli';
  }
  try {
    const model = await store.install(command.source, {
      id: command.id,
      version: command.version,
      sha256: command.sha256,
      installedBy,
      signal,
      onProgress: (p) => {
        const index = p.phase === 'commit' ? phases.length : phases.indexOf(p.phase);
        for (; current < index; current++) if (current >= 0) view.finish(current, 'done');
        current = index;
        if (index < phases.length) view.update(index, p.totalBytes ? p.receivedBytes / p.totalBytes : 0);
      },
    });
    for (; current < phases.length; current++) if (current >= 0) view.finish(current, 'done');
    streams.stdout.write(`${model.ref}\n`);
    const what = `${model.layout} layout, ${formatBytes(model.sizeBytes)}, ${model.calibrated ? 'calibrated' : 'uncalibrated'} confidence${model.hasLm ? ', with a language model' : ''}`;
    streams.stderr.write(
      before.has(model.ref)
        ? `verbatim: ${command.source} is already installed as ${model.ref} (same content, ${model.sha256.slice(0, 12)}); nothing changed\n`
        : `verbatim: installed ${model.ref} (${what}) in ${store.root}; use it with: verbatim transcribe <files> --model ${model.ref}\n`,
    );
    return 0;
  } catch (err) {
    if (current >= 0 && current < phases.length) view.finish(current, signal.aborted ? 'cancelled' : 'failed');
    throw err;
  }
}
