import { TRANSCRIPT_JSON_FORMAT, TRANSCRIPT_JSON_VERSION } from './toJson.ts';
import type { Segment, Transcript } from './transcript.ts';
import { TranscriptError } from './TranscriptError.ts';
import { validateTranscript } from './validateTranscript.ts';

/**
 * Reads a document written by `toJson` back into a {@link Transcript}, checking it as `validateTranscript` does.
 * Throws a {@link TranscriptError} with code `invalid-json` when the text is not such a document.
 *
 * @example
 * const t = fromJson(await readFile('talk.json', 'utf8'));
 */
export function fromJson(text: string): Transcript {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new TranscriptError('invalid-json', `Not a transcript: the text is not valid JSON (${(cause as Error).message}).`, { cause });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) invalid('the top level must be an object');
  const d = doc as Record<string, unknown>;
  if (d.format !== TRANSCRIPT_JSON_FORMAT) invalid(`\`format\` must be "${TRANSCRIPT_JSON_FORMAT}" (got ${JSON.stringify(d.format) ?? 'nothing'})`);
  if (d.version !== TRANSCRIPT_JSON_VERSION) invalid(`this reader knows version ${TRANSCRIPT_JSON_VERSION} (got ${JSON.stringify(d.version) ?? 'nothing'})`);
  const words = d.words;
  if (!Array.isArray(words)) invalid('`words` must be an array');
  if (!Array.isArray(d.segments)) invalid('`segments` must be an array');

  const segments = d.segments.map((s: unknown, i: number): Segment => {
    if (typeof s !== 'object' || s === null) invalid(`segment ${i} must be an object`);
    const seg = s as Record<string, unknown>;
    const first = seg.firstWord;
    const count = seg.wordCount;
    if (!Number.isInteger(first) || !Number.isInteger(count) || (first as number) < 0 || (count as number) < 0 || (first as number) + (count as number) > words.length) {
      invalid(`segment ${i} must point into \`words\` with whole-number \`firstWord\` and \`wordCount\``);
    }
    const segment = {
      start: seg.start,
      end: seg.end,
      words: words.slice(first as number, (first as number) + (count as number)),
    } as Segment;
    if (seg.speaker !== undefined) segment.speaker = seg.speaker as string;
    return segment;
  });
  const t = {
    language: d.language,
    duration: d.duration,
    segments,
    model: d.model,
    plugins: d.plugins,
    ...(d.createdAt === undefined ? {} : { createdAt: d.createdAt }),
  };
  validateTranscript(t);
  return t;
}

function invalid(what: string): never {
  throw new TranscriptError('invalid-json', `Not a Verbatim transcript document: ${what}.`);
}
