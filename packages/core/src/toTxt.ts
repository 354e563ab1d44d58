import { formatTimecode } from './formatTimecode.ts';
import { speakerChanges } from './speakerChanges.ts';
import { wordsText, type Transcript } from './transcript.ts';
import { validateTranscript } from './validateTranscript.ts';

/** Options of {@link toTxt}. */
export interface TxtOptions {
  /** Start each paragraph with its segment's start as `[HH:MM:SS]`. Default false. */
  timestamps?: boolean;
  /** Start a paragraph with its speaker (`Ana: `) where the speaker changes. Default true. */
  speakers?: boolean;
}

/**
 * The transcript as plain text: one paragraph per segment, paragraphs separated by a blank line, ending in a newline.
 * Segments without text are left out; an empty transcript gives an empty string. The speaker is named at each change.
 *
 * @example
 * toTxt(t, { timestamps: true }) // '[00:00:01] Ana: Hello there.\n\n[00:00:04] Ben: Hi.\n'
 */
export function toTxt(t: Transcript, options: TxtOptions = {}): string {
  validateTranscript(t);
  const paragraphs: string[] = [];
  const spoken = t.segments.filter((s) => wordsText(s.words) !== '');
  const names = speakerChanges(spoken.map((s) => s.speaker));
  for (const [i, segment] of spoken.entries()) {
    const text = wordsText(segment.words);
    const stamp = options.timestamps === true ? `[${formatTimecode(segment.start, null)}] ` : '';
    const speaker = (options.speakers ?? true) && names[i] !== undefined ? `${names[i]}: ` : '';
    paragraphs.push(`${stamp}${speaker}${text}\n`);
  }
  return paragraphs.join('\n');
}
