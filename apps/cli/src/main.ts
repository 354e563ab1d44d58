#!/usr/bin/env node
// `verbatim` command-line entry: parse, run, print a summary, exit with a code a script can act on.
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveModelOption } from './model/resolveModelOption.ts';
import { runModelCommand } from './model/runModelCommand.ts';
import { parseCliArgs, USAGE, UsageError } from './parseCliArgs.ts';
import { scaffoldPlugin } from './plugin/scaffoldPlugin.ts';
import { exportTraining } from './training/exportTraining.ts';
import { runLive } from './live/runLive.ts';
import { BundleLoadError, transcribeFiles } from './transcribeFiles.ts';

const here = dirname(fileURLToPath(import.meta.url));
// apps/cli/dist/main.js (or src/main.ts) -> the repository's bundled model
const DEFAULT_MODEL = join(here, '..', '..', '..', 'models', 'verbatim-en-char-v1');
const VERSION = '0.1.0';

function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h ? `${h} h ${m} min` : m ? `${m} min ${s.toFixed(0)} s` : `${s.toFixed(1)} s`;
}

export async function main(argv: string[]): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv, availableParallelism());
  } catch (err) {
    process.stderr.write(`verbatim: ${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`verbatim ${VERSION}\n`);
    return 0;
  }
  if (command.kind === 'plugin-new') {
    try {
      const written = await scaffoldPlugin(command.name, command.dir);
      for (const f of written) process.stdout.write(`${f}\n`);
      process.stderr.write(`verbatim: plugin "${command.name}" scaffolded in ${command.dir}; next: cd ${command.dir} && npm install && npm test\n`);
      return 0;
    } catch (err) {
      process.stderr.write(`verbatim: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nverbatim: cancelling...\n');
    controller.abort(new Error('cancelled by the user'));
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  if (command.kind === 'export-training') {
    try {
      return await exportTraining(command.options, { stdout: process.stdout, stderr: process.stderr }, controller.signal, process.env);
    } finally {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigint);
    }
  }
  if (command.kind === 'live') {
    try {
      return await runLive(command.options, { stdout: process.stdout, stderr: process.stderr }, controller.signal, process.env);
    } finally {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigint);
    }
  }
  if (command.kind === 'model-install' || command.kind === 'model-list' || command.kind === 'model-remove') {
    try {
      return await runModelCommand(command, { stdout: process.stdout, stderr: process.stderr }, controller.signal);
    } finally {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigint);
    }
  }
  try {
    const model = await resolveModelOption(command.options.model, command.options.store, DEFAULT_MODEL);
    const summary = await transcribeFiles({ ...command.options, model }, DEFAULT_MODEL, process.stderr, controller.signal);
    const failed = summary.outcomes.filter((o) => !o.ok);
    for (const o of summary.outcomes) {
      if (o.ok) process.stdout.write(`${o.output}\n`);
      else if (!summary.cancelled) process.stderr.write(`verbatim: ${o.file}: ${o.error}\n`);
    }
    const rtf = summary.audioSeconds > 0 ? summary.wallSeconds / summary.audioSeconds : 0;
    process.stderr.write(
      `${summary.outcomes.length - failed.length}/${summary.outcomes.length} files, ${formatDuration(summary.audioSeconds)} of audio ` +
        `in ${formatDuration(summary.wallSeconds)} (real-time factor ${rtf.toFixed(3)})\n`,
    );
    if (summary.cancelled) return 130;
    return failed.length ? 1 : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`verbatim: ${err.message}\n`);
      return 2;
    }
    if (err instanceof BundleLoadError) {
      process.stderr.write(`verbatim: ${err.message}\n`);
      return 3;
    }
    throw err;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2));
}
