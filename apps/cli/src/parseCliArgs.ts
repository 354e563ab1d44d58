import { parseArgs } from 'node:util';

export const FORMATS = ['txt', 'srt', 'vtt', 'json', 'docx'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface TranscribeOptions {
  files: string[];
  model?: string;
  vocab?: string;
  format: OutputFormat;
  out?: string;
  workers: number;
  threads: number;
  /** Undefined: the runtime's default (beam with an LM or a vocabulary, else greedy). */
  decoder: 'greedy' | 'beam' | undefined;
  /** Undefined: the decoder's default (the width the bundle's LM was tuned with). */
  beam: number | undefined;
  /** Undefined: `adapted` when the model has an LM and the decoder is not greedy, else `off`. */
  lm: 'off' | 'base' | 'adapted' | undefined;
  domainText: string[];
  overwrite: boolean;
  quiet: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'transcribe'; options: TranscribeOptions }
  /** `verbatim plugin new <name> [--dir <dir>]`: scaffold a plugin package (default directory: ./<name>). */
  | { kind: 'plugin-new'; name: string; dir: string };

/** A command-line mistake: printed with the usage and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: verbatim transcribe <files...> [options]
       verbatim plugin new <name> [--dir <dir>]   scaffold a domain plugin with tests (default dir: ./<name>)

Transcribes audio files (WAV, FLAC, MP3, OGG Vorbis/Opus; M4A/AAC and video through ffmpeg) with the bundled
model or another model bundle, writing one transcript per file.

Options:
  --model <dir>        model bundle directory (default: the bundled verbatim-en-char-v1)
  --vocab <file.json>  vocabulary to boost: [{ "phrase": "...", "soundsLike"?: [...], "displayAs"?: "...", "boost"?: n }]
  --format <f>         txt | srt | vtt | json | docx (default txt)
  --out <dir>          output directory (default: beside each input file)
  --workers <n>        parallel transcription workers (default 1)
  --threads <n>        ONNX threads per worker (default: cores / workers)
  --lm <mode>          word language model: off | base | adapted (default adapted when the model has one:
                       the model's LM adapted to --domain-text and --vocab; base ignores both for the LM)
  --domain-text <file> sentences of the recording's domain that adapt the LM (repeatable; with --lm adapted)
  --decoder <d>        greedy | beam (default beam, or greedy with --lm off and no --vocab)
  --beam <n>           beam width (default: the model's tuned width with an LM, else 8)
  --overwrite          replace existing output files (default: refuse)
  --quiet              no progress output
  -h, --help           this text
  -v, --version        version

Exit codes: 0 all files transcribed; 1 some files failed (the others are written); 2 usage error;
3 the model bundle cannot be loaded; 130 cancelled (Ctrl-C; nothing partial is left behind).`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--${name} must be a whole number from 1 to 256, got "${raw}"`);
  return n;
}

/** Parses argv (without node and the script) into a command; throws UsageError with a precise message. */
export function parseCliArgs(argv: string[], cores: number): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        model: { type: 'string' },
        vocab: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        workers: { type: 'string' },
        threads: { type: 'string' },
        decoder: { type: 'string' },
        beam: { type: 'string' },
        lm: { type: 'string' },
        'domain-text': { type: 'string', multiple: true },
        dir: { type: 'string' },
        overwrite: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...files] = positionals;
  if (command === undefined) throw new UsageError('no command given');
  if (command === 'plugin') {
    const [sub, name, ...rest] = files;
    if (sub !== 'new') throw new UsageError(`unknown plugin command "${sub ?? ''}" (the plugin command is "new")`);
    if (name === undefined) throw new UsageError('plugin new needs a name, e.g. verbatim plugin new legal');
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    return { kind: 'plugin-new', name, dir: values.dir ?? name };
  }
  if (command !== 'transcribe') throw new UsageError(`unknown command "${command}" (the commands are "transcribe" and "plugin new")`);
  if (files.length === 0) throw new UsageError('no input files given');
  const format = (values.format ?? 'txt') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  const decoderRaw = values.decoder ?? (values.lm === 'off' && !values.vocab ? 'greedy' : undefined);
  if (decoderRaw !== undefined && decoderRaw !== 'greedy' && decoderRaw !== 'beam') throw new UsageError(`--decoder must be greedy or beam, got "${decoderRaw}"`);
  if (values.vocab && decoderRaw === 'greedy') throw new UsageError('--vocab needs --decoder beam (greedy decoding cannot boost words)');
  const lm = values.lm;
  if (lm !== undefined && lm !== 'off' && lm !== 'base' && lm !== 'adapted') throw new UsageError(`--lm must be off, base or adapted, got "${lm}"`);
  if (lm !== undefined && lm !== 'off' && decoderRaw === 'greedy') throw new UsageError(`--lm ${lm} needs --decoder beam (greedy decoding cannot use a language model)`);
  const domainText = values['domain-text'] ?? [];
  if (domainText.length > 0 && (lm === 'off' || lm === 'base' || decoderRaw === 'greedy')) {
    throw new UsageError('--domain-text adapts the language model: it needs --lm adapted (the default) and the beam decoder');
  }
  const workers = positiveInt('workers', values.workers, 1);
  const threads = positiveInt('threads', values.threads, Math.max(1, Math.floor(cores / workers)));
  return {
    kind: 'transcribe',
    options: {
      files,
      model: values.model,
      vocab: values.vocab,
      format,
      out: values.out,
      workers,
      threads,
      decoder: decoderRaw,
      beam: values.beam === undefined ? undefined : positiveInt('beam', values.beam, 8),
      lm,
      domainText,
      overwrite: values.overwrite ?? false,
      quiet: values.quiet ?? false,
    },
  };
}
