import * as Y from 'yjs';
import type { Segment, Word } from '../transcript.ts';
import { MAX_WORDS_PER_PARAGRAPH, TRANSCRIPT_META, TRANSCRIPT_ROOT, TRANSCRIPT_SCHEMA_KEY, TRANSCRIPT_SCHEMA_VERSION, type TurnAttributes, WORD_TIMING_KEY } from './transcriptDocSchema.ts';
import { isWordOrigin, type WordOrigin } from './WordOrigin.ts';
import { encodeWordTiming } from './WordTiming.ts';

/** Options of {@link buildTranscriptDoc}. */
export interface BuildTranscriptDocOptions {
  /** Most words per paragraph (default {@link MAX_WORDS_PER_PARAGRAPH}): the editor virtualises paragraphs, not words. */
  readonly maxWordsPerParagraph?: number;
  /** Speaker name for segments without one (default `'Speaker 1'`). */
  readonly defaultSpeaker?: string;
}

/**
 * Writes segments into an empty `doc` in the current schema (see `transcriptDocSchema.ts`): one paragraph per
 * segment (split every `maxWordsPerParagraph` words), one run per word carrying its packed timing, and the schema
 * version. A word's origin is the plugin's when a post-processor wrote it (`plugin:<id>`), else `asr`: nothing else
 * claiming to be human is trusted in a new document. Runs in one transaction.
 *
 * @example
 * const doc = buildTranscriptDoc(new Y.Doc(), result.segments);
 * const update = Y.encodeStateAsUpdate(doc);
 */
export function buildTranscriptDoc(doc: Y.Doc, segments: readonly Segment[], options: BuildTranscriptDocOptions = {}): Y.Doc {
  const maxWords = Math.max(1, options.maxWordsPerParagraph ?? MAX_WORDS_PER_PARAGRAPH);
  const defaultSpeaker = options.defaultSpeaker ?? 'Speaker 1';
  const root = doc.get(TRANSCRIPT_ROOT, Y.XmlText);
  if (root.length > 0) throw new Error('buildTranscriptDoc needs an empty document.');
  doc.transact(() => {
    doc.getMap(TRANSCRIPT_META).set(TRANSCRIPT_SCHEMA_KEY, TRANSCRIPT_SCHEMA_VERSION);
    for (const segment of segments) {
      const speaker = segment.speaker ?? defaultSpeaker;
      for (let from = 0; from < segment.words.length; from += maxWords) {
        const words = segment.words.slice(from, from + maxWords);
        const delta: Array<{ insert: string; attributes?: Record<string, string> }> = [];
        words.forEach((word, index) => {
          if (index > 0) delta.push({ insert: ' ' });
          const timing = encodeWordTiming({ start: word.start, end: word.end, conf: word.confidence, origin: originOf(word) });
          delta.push({ insert: word.text, attributes: { [WORD_TIMING_KEY]: timing } });
        });
        appendParagraph(root, { type: 'turn', speaker, start: words[0]!.start }, delta);
      }
    }
  });
  return doc;
}

/** Appends a paragraph with `attributes` and text `delta` to the root (inside the caller's transaction). */
export function appendParagraph(root: Y.XmlText, attributes: TurnAttributes, delta: ReadonlyArray<{ insert: string; attributes?: Record<string, unknown> }>): void {
  const paragraph = new Y.XmlText();
  // attributes and content can only be written once the element is part of the document
  root.insertEmbed(root.length, paragraph);
  for (const [key, value] of Object.entries(attributes)) paragraph.setAttribute(key, value as never);
  paragraph.applyDelta(delta as never);
}

function originOf(word: Word): WordOrigin {
  const origin = word.origin;
  return typeof origin === 'string' && origin.startsWith('plugin:') && isWordOrigin(origin) ? origin : 'asr';
}
