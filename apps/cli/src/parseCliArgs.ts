import { parseLiveArgs, type LiveOptions } from './live/parseLiveArgs.ts';
import { checkServerUrl, parseCommandArgs, projectIdArgument } from './parseCommandArgs.ts';
import { UsageError } from './UsageError.ts';

export const FORMATS = ['txt', 'srt', 'vtt', 'json', 'docx'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export interface TranscribeOptions {
  files: string[];
  /** A model bundle directory, or an installed model's `id[@version]` (looked up in `store`). */
  model?: string;
  /** The model store directory (default: $VERBATIM_MODEL_STORE, else the per-user data directory). */
  store?: string;
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
  /** Undefined: punctuation and capitals when the model has a punctuation model. */
  punctuate: boolean | undefined;
  /** Undefined: `auto` (the speakers are found from the audio). */
  speakers: 'auto' | 'off' | number | undefined;
  overwrite: boolean;
  quiet: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'transcribe'; options: TranscribeOptions }
  /** `verbatim plugin new <name> [--dir <dir>]`: scaffold a plugin package (default directory: ./<name>). */
  | { kind: 'plugin-new'; name: string; dir: string }
  /** `verbatim model install <src>`: a directory, a .tar.gz/.tgz/.tar.bz2/.tar archive or an https URL. */
  | { kind: 'model-install'; source: string; id?: string; version?: string; sha256?: string; store?: string; quiet: boolean }
  | { kind: 'model-list'; store?: string; json: boolean }
  /** `verbatim model remove <id[@version]>`: an id alone removes its newest installed version. */
  | { kind: 'model-remove'; ref: string; store?: string }
  /** `verbatim export-training <projectId> --out DIR`: download a project's verified speech as training data. */
  | { kind: 'export-training'; options: ExportTrainingOptions }
  /** `verbatim live <projectId> --input <file|->`: stream audio to a live captioning session of a server. */
  | { kind: 'live'; options: LiveOptions };

/** Options of `verbatim export-training`. */
export interface ExportTrainingOptions {
  projectId: string;
  out: string;
  /** The server's URL (default: $VERBATIM_SERVER). */
  server?: string;
  /** An API token (default: $VERBATIM_TOKEN). */
  token?: string;
  minSeconds?: number;
  maxSeconds?: number;
  quiet: boolean;
}

export { UsageError } from './UsageError.ts';

export const USAGE = `Usage: verbatim transcribe <files...> [options]
       verbatim model install <dir | archive | https URL> [--id ID] [--version V] [--sha256 HEX] [--store DIR]
       verbatim model list [--store DIR] [--json]
       verbatim model remove <id[@version]> [--store DIR]
       verbatim plugin new <name> [--dir <dir>]   scaffold a domain plugin with tests (default dir: ./<name>)
       verbatim export-training <projectId> --out DIR [--server URL] [--token TOKEN] [--min-seconds S] [--max-seconds S]
       verbatim live <projectId> --input <file | -> [--server URL] [--token TOKEN] [--title T] [--model M]
                     [--lm off|base|adapted] [--print] [--viewer-link] [--keep-open | --retranscribe] [--quiet]

Transcribes audio files (WAV, FLAC, MP3, OGG Vorbis/Opus; M4A/AAC and video through ffmpeg) with the bundled
model, an installed model or another model bundle, writing one transcript per file.

Options:
  --model <m>          an installed model, id[@version] (an id alone: its newest version), or a model bundle
                       directory (default: the bundled verbatim-en-char-v1)
  --store <dir>        the model store (default: $VERBATIM_MODEL_STORE, else the per-user data directory)
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
  --punctuate, --no-punctuate
                       restore punctuation and capitals (default: on when the model has a punctuation model)
  --speakers <s>       who spoke when: auto | N (expected number, 1-16) | off (default auto)
  --overwrite          replace existing output files (default: refuse)
  --quiet              no progress output
  -h, --help           this text
  -v, --version        version

Models: "model install" takes a Verbatim bundle (model.json + files), a sherpa-onnx NeMo CTC package
(model.onnx or model.int8.onnx + tokens.txt) or a wav2vec2 CTC export (ONNX + vocab.json), as a directory,
a .tar.gz/.tgz/.tar.bz2/.tar archive or an https URL; it checks every file and decodes a probe utterance
before the model appears in the store. --id and --version rename it; --sha256 is the expected hash of the
downloaded file or archive (of a directory: its package hash, as model list --json shows). The same package
installed twice is one model.

Exit codes: 0 success (transcribe: all files transcribed); 1 some files failed (the others are written);
2 usage error (or a source that does not exist); 3 the model cannot be loaded, installed, found or removed;
130 cancelled (Ctrl-C; nothing partial is left behind, no half-installed model).

Training data: "export-training" downloads a project's verified speech from a Verbatim server (its owners'
API token: --token or $VERBATIM_TOKEN; --server or $VERBATIM_SERVER) as train/dev/test NeMo manifests with
16 kHz WAV segments, report.json and export.json, into DIR (which must not exist or be empty). It is written
to DIR.partial and renamed to DIR only once complete and checked; exit 1 when the server refuses.

Live captions: "live" starts a live session in the project (an editor's API token with the transcribe scope) and
streams the input to it at real time: a file of any format above (decoded and resampled to the model's rate), or
"-" for stdin: a WAV stream (e.g. ffmpeg ... -f wav -, any rate; needs ffmpeg) or raw s16le mono PCM at the model's
rate. A dropped connection resumes without losing audio. --print writes each final caption as one stdout line as it
becomes final; --viewer-link prints the address of a caption screen for the audience. At the input's end it waits for the last finals and stops the session, which stores the recording
and a transcript of the finals (its id on stderr); --retranscribe also re-transcribes the recording offline with
the beam search and word LM; --keep-open leaves the session live. --lm picks the captions' word language model
(adapted to the project's vocabulary and plugins by default when the model has one; base; off), and the offline
re-transcription uses the same. Ctrl-C ends the input there and stops cleanly
(130). Exit 1 when the server refuses (401 bad token, 403 a viewer or a token without the transcribe scope, 404 no
such project) or the session fails.`;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--${name} must be a whole number from 1 to 256, got "${raw}"`);
  return n;
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MODEL_VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_-]*$/;

/** Whether `value` reads as an installed model reference, `id` or `id@version`. */
export function isModelRef(value: string): boolean {
  const [id = '', version, ...rest] = value.split('@');
  return rest.length === 0 && MODEL_ID.test(id) && (version === undefined || MODEL_VERSION.test(version));
}

/** `verbatim model <install|list|remove> ...`: its own options, since `--version` there names a model version. */
function parseModelArgs(argv: string[]): Command {
  const parsed = parseCommandArgs(argv, {
    id: { type: 'string' },
    version: { type: 'string' },
    sha256: { type: 'string' },
    store: { type: 'string' },
    json: { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [sub, arg, ...rest] = positionals;
  const only = (allowed: string[]) => {
    const extra = (['id', 'version', 'sha256', 'json', 'quiet'] as const).find((k) => values[k] !== undefined && !allowed.includes(k));
    if (extra) throw new UsageError(`--${extra} is not an option of model ${sub}`);
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  };
  if (sub === 'install') {
    only(['id', 'version', 'sha256', 'quiet']);
    if (arg === undefined) throw new UsageError('model install needs a source: a directory, a .tar.gz/.tar.bz2 archive or an https URL');
    if (values.id !== undefined && !MODEL_ID.test(values.id)) throw new UsageError(`--id must start with a letter or digit and hold only letters, digits, ".", "_" and "-", got "${values.id}"`);
    if (values.version !== undefined && !MODEL_VERSION.test(values.version)) throw new UsageError(`--version must start with a letter or digit and hold only letters, digits, ".", "+", "_" and "-", got "${values.version}"`);
    if (values.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(values.sha256)) throw new UsageError(`--sha256 must be 64 hexadecimal digits, got "${values.sha256}"`);
    return { kind: 'model-install', source: arg, id: values.id, version: values.version, sha256: values.sha256, store: values.store, quiet: values.quiet ?? false };
  }
  if (sub === 'list') {
    if (arg !== undefined) rest.unshift(arg);
    only(['json']);
    return { kind: 'model-list', store: values.store, json: values.json ?? false };
  }
  if (sub === 'remove') {
    only([]);
    if (arg === undefined) throw new UsageError('model remove needs a model, id or id@version (see verbatim model list)');
    if (!isModelRef(arg)) throw new UsageError(`"${arg}" is not a model reference: id or id@version`);
    return { kind: 'model-remove', ref: arg, store: values.store };
  }
  throw new UsageError(sub === undefined ? 'model needs a command: install, list or remove' : `unknown model command "${sub}" (the model commands are install, list and remove)`);
}

function seconds(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 60) throw new UsageError(`--${name} must be a number of seconds up to 60, got "${raw}"`);
  return n;
}

/** `verbatim export-training <projectId> --out DIR ...`. */
function parseExportTrainingArgs(argv: string[]): Command {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    server: { type: 'string' },
    token: { type: 'string' },
    'min-seconds': { type: 'string' },
    'max-seconds': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return { kind: 'help' };
  const projectId = projectIdArgument('export-training', positionals);
  if (values.out === undefined || values.out === '') throw new UsageError('export-training needs --out DIR: where to write the export');
  checkServerUrl(values.server);
  const minSeconds = seconds('min-seconds', values['min-seconds']);
  const maxSeconds = seconds('max-seconds', values['max-seconds']);
  if (minSeconds !== undefined && maxSeconds !== undefined && maxSeconds < minSeconds) throw new UsageError(`--max-seconds (${maxSeconds}) is shorter than --min-seconds (${minSeconds})`);
  return {
    kind: 'export-training',
    options: {
      projectId,
      out: values.out,
      ...(values.server !== undefined && { server: values.server }),
      ...(values.token !== undefined && { token: values.token }),
      ...(minSeconds !== undefined && { minSeconds }),
      ...(maxSeconds !== undefined && { maxSeconds }),
      quiet: values.quiet ?? false,
    },
  };
}

/** Parses argv (without node and the script) into a command; throws UsageError with a precise message. */
export function parseCliArgs(argv: string[], cores: number): Command {
  if (argv[0] === 'model') return parseModelArgs(argv.slice(1));
  if (argv[0] === 'export-training') return parseExportTrainingArgs(argv.slice(1));
  if (argv[0] === 'live') return parseLiveArgs(argv.slice(1));
  const parsed = parseCommandArgs(argv, {
    model: { type: 'string' },
    store: { type: 'string' },
    vocab: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
    threads: { type: 'string' },
    decoder: { type: 'string' },
    beam: { type: 'string' },
    lm: { type: 'string' },
    'domain-text': { type: 'string', multiple: true },
    punctuate: { type: 'boolean' },
    'no-punctuate': { type: 'boolean' },
    speakers: { type: 'string' },
    dir: { type: 'string' },
    overwrite: { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'v' },
  });
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
  if (command !== 'transcribe') throw new UsageError(`unknown command "${command}" (the commands are "transcribe", "model", "export-training", "live" and "plugin new")`);
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
  if (values.punctuate && values['no-punctuate']) throw new UsageError('--punctuate and --no-punctuate contradict each other; give one');
  const punctuate = values['no-punctuate'] ? false : values.punctuate ? true : undefined;
  const speakers = parseSpeakers(values.speakers);
  const workers = positiveInt('workers', values.workers, 1);
  const threads = positiveInt('threads', values.threads, Math.max(1, Math.floor(cores / workers)));
  return {
    kind: 'transcribe',
    options: {
      files,
      model: values.model,
      store: values.store,
      vocab: values.vocab,
      format,
      out: values.out,
      workers,
      threads,
      decoder: decoderRaw,
      beam: values.beam === undefined ? undefined : positiveInt('beam', values.beam, 8),
      lm,
      domainText,
      punctuate,
      speakers,
      overwrite: values.overwrite ?? false,
      quiet: values.quiet ?? false,
    },
  };
}

/** `--speakers auto|off|N`: N a whole number from 1 to 16. */
function parseSpeakers(raw: string | undefined): 'auto' | 'off' | number | undefined {
  if (raw === undefined || raw === 'auto' || raw === 'off') return raw;
  const n = Number(raw);
  if (!/^\d+$/u.test(raw) || n < 1 || n > 16) {
    throw new UsageError(`--speakers must be auto, off or the expected number of speakers (1 to 16), got "${raw}"`);
  }
  return n;
}
