import type { LmModeJson } from '@verbatim/core/api';
import { checkServerUrl, parseCommandArgs, projectIdArgument } from '../parseCommandArgs.ts';
import { UsageError } from '../UsageError.ts';

/** Options of `verbatim live`. */
export interface LiveOptions {
  projectId: string;
  /** An audio or video file, or `-` for WAV (any rate; needs ffmpeg) or raw s16le mono PCM at the session's rate on stdin. */
  input: string;
  /** The server's URL (default: $VERBATIM_SERVER). */
  server?: string;
  /** An API token with the `transcribe` scope (default: $VERBATIM_TOKEN). */
  token?: string;
  /** The session's title (default: the input's file name, or "Live captions" for stdin). */
  title?: string;
  /** Caption with this installed model, `id[@version]` (default: the project's default alias). */
  model?: string;
  /** The captions' word language model: off, base or adapted (default: the server's, adapted when the model has one). */
  lm?: LmModeJson;
  /** Write each final caption's text to stdout, one line each, as it becomes final. */
  print: boolean;
  /** Make a viewer link for the session and print its caption screen's URL (stderr). */
  viewerLink: boolean;
  /** Leave the session live when the input ends (another source may go on), instead of stopping it. */
  keepOpen: boolean;
  /** When stopping, also re-transcribe the whole recording offline (beam search + word LM). */
  retranscribe: boolean;
  quiet: boolean;
}

/** `verbatim live <projectId> --input <file|-> ...`: throws {@link UsageError} with a precise message. */
export function parseLiveArgs(argv: string[]): { kind: 'live'; options: LiveOptions } | { kind: 'help' } {
  const { values, positionals } = parseCommandArgs(argv, {
    input: { type: 'string', short: 'i' },
    server: { type: 'string' },
    token: { type: 'string' },
    title: { type: 'string' },
    model: { type: 'string' },
    lm: { type: 'string' },
    print: { type: 'boolean' },
    'viewer-link': { type: 'boolean' },
    'keep-open': { type: 'boolean' },
    retranscribe: { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { kind: 'help' };
  const projectId = projectIdArgument('live', positionals);
  if (values.input === undefined || values.input === '') throw new UsageError('live needs --input: an audio or video file, or - for WAV or raw s16le PCM on stdin');
  checkServerUrl(values.server);
  const title = values.title?.trim();
  if (title !== undefined && (title === '' || title.length > 200)) throw new UsageError('--title must be 1 to 200 characters');
  const lm = values.lm;
  if (lm !== undefined && lm !== 'off' && lm !== 'base' && lm !== 'adapted') throw new UsageError(`--lm must be off, base or adapted, got "${lm}"`);
  if (values['keep-open'] && values.retranscribe) throw new UsageError('--retranscribe applies when the session stops: it cannot go with --keep-open');
  return {
    kind: 'live',
    options: {
      projectId,
      input: values.input,
      ...(values.server !== undefined && { server: values.server }),
      ...(values.token !== undefined && { token: values.token }),
      ...(title !== undefined && { title }),
      ...(values.model !== undefined && { model: values.model }),
      ...(lm !== undefined && { lm }),
      print: values.print ?? false,
      viewerLink: values['viewer-link'] ?? false,
      keepOpen: values['keep-open'] ?? false,
      retranscribe: values.retranscribe ?? false,
      quiet: values.quiet ?? false,
    },
  };
}
