import { buildSubtitleCues, type SubtitleOptions } from './buildSubtitleCues.ts';
import { formatMilliseconds } from './formatTimecode.ts';
import type { Transcript } from './transcript.ts';

/**
 * The transcript as SubRip subtitles: numbered cues with `00:00:01,234 --> 00:00:03,500` timecodes, cut as
 * {@link buildSubtitleCues} describes. An empty transcript gives an empty string.
 *
 * @example
 * await writeFile('talk.srt', toSrt(t));
 */
export function toSrt(t: Transcript, options?: SubtitleOptions): string {
  return buildSubtitleCues(t, options)
    .map((cue, i) => `${i + 1}\n${time(cue.start)} --> ${time(cue.end)}\n${cue.lines.join('\n')}\n`)
    .join('\n');
}

function time(seconds: number): string {
  return formatMilliseconds(Math.round(seconds * 1000), ',');
}
