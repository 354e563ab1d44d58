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
  decoder: 'greedy' | 'beam';
  beam: number;
  overwrite: boolean;
  quiet: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'transcribe'; options: TranscribeOptions };

/** A command-line mistake: printed with the usage and exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: verbatim transcribe <files...> [options]

Transcribes audio files (WAV, FLAC, MP3, OGG Vorbis/Opus; M4A/AAC and video through ffmpeg) with the bundled
model or another model bundle, writing one transcript per file.

Options:
  --model <dir>        model bundle directory (default: the bundled verbatim-en-char-v1)
  --vocab <file.json>  vocabulary to boost: [{ "phrase": "...", "soundsLike"?: [...], "displayAs"?: "...", "boost"?: n }]
  --format <f>         txt | srt | vtt | json | docx (default txt)
  --out <dir>          output directory (default: beside each input file)
  --workers <n>        parallel transcription workers (default 1)
  --threads <n>        ONNX threads per worker (default: cores / workers)
  --decoder <d>        greedy | beam (default beam when --vocab is given, else greedy)
  --beam <n>           beam width (default 8)
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
  if (command !== 'transcribe') throw new UsageError(`unknown command "${command}" (the command is "transcribe")`);
  if (files.length === 0) throw new UsageError('no input files given');
  const format = (values.format ?? 'txt') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${values.format}"`);
  const decoderRaw = values.decoder ?? (values.vocab ? 'beam' : 'greedy');
  if (decoderRaw !== 'greedy' && decoderRaw !== 'beam') throw new UsageError(`--decoder must be greedy or beam, got "${decoderRaw}"`);
  if (values.vocab && decoderRaw === 'greedy') throw new UsageError('--vocab needs --decoder beam (greedy decoding cannot boost words)');
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
      beam: positiveInt('beam', values.beam, 8),
      overwrite: values.overwrite ?? false,
      quiet: values.quiet ?? false,
    },
  };
}
