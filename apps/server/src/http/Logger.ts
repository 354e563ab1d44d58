import { pino, type DestinationStream, type LevelWithSilent } from 'pino';

/**
 * Structured logging as the server uses it: a record of fields and a message, pino's call shape, so a pino logger
 * can be passed as is.
 */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Logs nothing (tests that do not look at logs). */
export const silentLogger: Logger = Object.freeze({ info() {}, warn() {}, error() {} });

/** Options of {@link pinoLogger}. */
export interface PinoLoggerOptions {
  /** Lowest level written (default `VERBATIM_LOG_LEVEL`, else `silent` under vitest or NODE_ENV=test, else `info`). */
  readonly level?: LevelWithSilent;
  /** Where the JSON lines go (default stdout). */
  readonly destination?: DestinationStream;
}

/**
 * The server's logger: pino writing one JSON object per line (`level`, `time`, `pid`, `hostname`, `msg` and the
 * record's fields, errors under `err` with type, message and stack). Request records carry `requestId`.
 */
export function pinoLogger(options: PinoLoggerOptions = {}): Logger {
  const level = options.level ?? defaultLevel(process.env);
  const settings = { level, serializers: { err: pino.stdSerializers.err } };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

const LEVELS: readonly string[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

// test runs would otherwise drown their output in access logs
function defaultLevel(env: Readonly<Record<string, string | undefined>>): LevelWithSilent {
  const wanted = env['VERBATIM_LOG_LEVEL'];
  if (wanted !== undefined && LEVELS.includes(wanted)) return wanted as LevelWithSilent;
  return env['VITEST'] !== undefined || env['NODE_ENV'] === 'test' ? 'silent' : 'info';
}

/** One JSON object per line on stdout (info) or stderr (warn, error), with `level`, `time` and `msg`. */
export function jsonLineLogger(write: { out(line: string): void; err(line: string): void } = defaultWrite): Logger {
  const log = (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, message: string) => {
    const line = JSON.stringify({ level, time: Date.now(), msg: message, ...fields }, errorFields);
    if (level === 'info') write.out(line);
    else write.err(line);
  };
  return {
    info: (fields, message) => log('info', fields, message),
    warn: (fields, message) => log('warn', fields, message),
    error: (fields, message) => log('error', fields, message),
  };
}

const defaultWrite = {
  out: (line: string) => void process.stdout.write(`${line}\n`),
  err: (line: string) => void process.stderr.write(`${line}\n`),
};

// Error objects stringify as {}; logs need the name, message and stack (logs, unlike responses, may show them)
function errorFields(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const code = (value as { code?: unknown }).code;
  return { type: value.name, message: value.message, ...(code === undefined ? {} : { code }), stack: value.stack };
}
