import { buildSubtitleCues, type SubtitleOptions } from './buildSubtitleCues.ts';
import { formatMilliseconds } from './formatTimecode.ts';
import type { Transcript } from './transcript.ts';

/** Options of {@link toVtt}. */
export interface VttOptions extends SubtitleOptions {
  /** Mark each cue with its segment's speaker as a WebVTT voice span (`<v Ana>`). Default true. */
  voices?: boolean;
}

/**
 * The transcript as WebVTT: the `WEBVTT` header, then cues with `00:00:01.234 --> 00:00:03.500` timecodes, cut as
 * {@link buildSubtitleCues} describes. Text is escaped (`&`, `<`, `>`), so a word can never end a cue early.
 *
 * @example
 * track.src = URL.createObjectURL(new Blob([toVtt(t)], { type: 'text/vtt' }));
 */
export function toVtt(t: Transcript, options: VttOptions = {}): string {
  const voices = options.voices ?? true;
  const cues = buildSubtitleCues(t, options).map((cue) => {
    const text = cue.lines.map(escape).join('\n');
    const voice = voices && cue.speaker !== undefined && cue.speaker.trim() !== '' ? `<v ${escape(cue.speaker.replace(/\s+/gu, ' ').trim())}>` : '';
    return `${time(cue.start)} --> ${time(cue.end)}\n${voice}${text}\n`;
  });
  return ['WEBVTT\n', ...cues].join('\n');
}

function escape(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

function time(seconds: number): string {
  return formatMilliseconds(Math.round(seconds * 1000), '.');
}
