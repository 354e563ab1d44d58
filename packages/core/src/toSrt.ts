import { buildSubtitleCues, type SubtitleOptions } from './buildSubtitleCues.ts';
import { formatMilliseconds } from './formatTimecode.ts';
import { speakerChanges } from './speakerChanges.ts';
import type { Transcript } from './transcript.ts';

/** Options of {@link toSrt}. */
export interface SrtOptions extends SubtitleOptions {
  /** Where a transcript has two or more speakers, start the first cue after each change with the name (`Ana: `). Default true. */
  speakers?: boolean;
}

/**
 * The transcript as SubRip subtitles: numbered cues with `00:00:01,234 --> 00:00:03,500` timecodes, cut as
 * {@link buildSubtitleCues} describes; with two or more speakers, the speaker is named at each change. An empty
 * transcript gives an empty string.
 *
 * @example
 * await writeFile('talk.srt', toSrt(t));
 */
export function toSrt(t: Transcript, options: SrtOptions = {}): string {
  const cues = buildSubtitleCues(t, options);
  const several = new Set(cues.map((c) => c.speaker?.replace(/\s+/gu, ' ').trim()).filter((s) => s)).size > 1;
  const names = (options.speakers ?? true) && several ? speakerChanges(cues.map((c) => c.speaker)) : [];
  return cues
    .map((cue, i) => {
      const lines = names[i] === undefined ? cue.lines : [`${names[i]}: ${cue.lines[0] ?? ''}`, ...cue.lines.slice(1)];
      return `${i + 1}\n${time(cue.start)} --> ${time(cue.end)}\n${lines.join('\n')}\n`;
    })
    .join('\n');
}

function time(seconds: number): string {
  return formatMilliseconds(Math.round(seconds * 1000), ',');
}
