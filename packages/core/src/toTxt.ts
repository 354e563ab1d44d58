import { formatTimecode } from './formatTimecode.ts';
import { wordsText, type Transcript } from './transcript.ts';
import { validateTranscript } from './validateTranscript.ts';

/** Options of {@link toTxt}. */
export interface TxtOptions {
  /** Start each paragraph with its segment's start as `[HH:MM:SS]`. Default false. */
  timestamps?: boolean;
  /** Start each paragraph with its speaker (`Ana: `) where the segment has one. Default true. */
  speakers?: boolean;
}

/**
 * The transcript as plain text: one paragraph per segment, paragraphs separated by a blank line, ending in a newline.
 * Segments without text are left out; an empty transcript gives an empty string.
 *
 * @example
 * toTxt(t, { timestamps: true }) // '[00:00:01] Ana: Hello there.\n\n[00:00:04] Ben: Hi.\n'
 */
export function toTxt(t: Transcript, options: TxtOptions = {}): string {
  validateTranscript(t);
  const paragraphs: string[] = [];
  for (const segment of t.segments) {
    const text = wordsText(segment.words);
    if (text === '') continue;
    const stamp = options.timestamps === true ? `[${formatTimecode(segment.start, null)}] ` : '';
    const speaker = (options.speakers ?? true) && segment.speaker?.trim() ? `${segment.speaker.trim()}: ` : '';
    paragraphs.push(`${stamp}${speaker}${text}\n`);
  }
  return paragraphs.join('\n');
}
