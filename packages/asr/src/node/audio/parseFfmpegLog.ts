import { AudioDecodeError } from '../../audio/AudioDecodeError.ts';
import { type AudioFormat, audioFormats } from '../../audio/audioFormats.ts';

/** What ffmpeg's input dump (on stderr) says about the first audio stream. */
export interface FfmpegInputInfo {
  readonly durationSeconds: number | undefined;
  readonly sampleRate: number | undefined;
  readonly channels: number | undefined;
}

const LAYOUT_CHANNELS: Readonly<Record<string, number>> = {
  mono: 1,
  stereo: 2,
  '2.1': 3,
  '3.0': 3,
  quad: 4,
  '4.0': 4,
  '4.1': 5,
  '5.0': 5,
  '5.1': 6,
  '6.0': 6,
  '6.1': 7,
  '7.0': 7,
  '7.1': 8,
};

/** Reads duration, rate and channel count of the input from ffmpeg's log of `-i <file>`; fields it does not find are undefined. */
export function parseFfmpegInput(log: string): FfmpegInputInfo {
  const input = log.split(/^Output #0/m)[0] ?? '';
  const duration = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(input);
  const stream = audioStream(input);
  return {
    durationSeconds: duration ? Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]) : undefined,
    sampleRate: stream?.sampleRate,
    channels: stream?.channels,
  };
}

/**
 * Channels of the raw f32le output, from the "Output #0" part of ffmpeg's log (undefined until ffmpeg has printed it).
 * The layout name decides; failing that, the bit rate of 32-bit samples does.
 */
export function parseFfmpegOutputChannels(log: string): number | undefined {
  const at = log.search(/^Output #0/m);
  if (at < 0) return undefined;
  const stream = audioStream(log.slice(at));
  if (stream === undefined) return undefined;
  if (stream.channels !== undefined) return stream.channels;
  if (stream.kbps !== undefined && stream.sampleRate) {
    const n = Math.round((stream.kbps * 1000) / (stream.sampleRate * 32));
    return n > 0 ? n : undefined;
  }
  return undefined;
}

function audioStream(text: string): { sampleRate: number | undefined; channels: number | undefined; kbps: number | undefined } | undefined {
  const line = /Stream #\d+:\d+[^:\n]*: Audio: ([^\n]*)/.exec(text)?.[1];
  if (line === undefined) return undefined;
  const fields = line.split(',').map((f) => f.trim());
  let channels: number | undefined;
  for (const field of fields) {
    const layout = field.replace(/\(.*\)$/, '');
    const n = LAYOUT_CHANNELS[layout] ?? Number(/^(\d+) channels$/.exec(field)?.[1] ?? Number.NaN);
    if (Number.isFinite(n)) {
      channels = n;
      break;
    }
  }
  const rate = /(\d+) Hz/.exec(line);
  const kbps = /(\d+) kb\/s/.exec(line);
  return { sampleRate: rate ? Number(rate[1]) : undefined, channels, kbps: kbps ? Number(kbps[1]) : undefined };
}

/** The {@link AudioDecodeError} for an ffmpeg run that failed, classified from its log. */
export function ffmpegFailure(log: string, exitCode: number | null, format: AudioFormat): AudioDecodeError {
  const label = audioFormats[format].label;
  if (/moov atom not found/i.test(log)) {
    return new AudioDecodeError(
      'truncated',
      `The ${label} file is incomplete: its index (the "moov" box) is missing, which happens when a recording is interrupted.`,
      { format },
    );
  }
  if (/does not contain any stream|matches no streams|Output file is empty/i.test(log)) {
    return new AudioDecodeError('empty', `The ${label} file has no audio track.`, { format });
  }
  return new AudioDecodeError('corrupt', `ffmpeg could not decode the ${label} file (exit code ${exitCode ?? 'none'}): ${summarize(log)}`, { format });
}

// the last few meaningful lines, without the "path: " prefix ffmpeg puts on input errors
function summarize(log: string): string {
  const lines = log
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^(Input|Output|Stream|Duration|Metadata|Press|[\w.-]+\s+:)/.test(l));
  const text = lines.slice(-3).join(' / ').replace(/^[^:]*[\\/][^:]*: /, '');
  return text.length > 400 ? `${text.slice(0, 400)}…` : text || 'no message';
}
