import * as Y from 'yjs';
import type { Segment, Word } from '@verbatim/core';

/** Name of the root `Y.XmlText` that @slate-yjs binds the editor to (`doc.get(TRANSCRIPT_ROOT, Y.XmlText)`). */
export const TRANSCRIPT_ROOT = 'content';

/** Who wrote a word's text: the recogniser, a plugin's post-processor (`plugin:<id>`), or a person correcting it. */
export type WordOrigin = 'asr' | 'human' | `plugin:${string}`;

const PLUGIN_ORIGIN = /^plugin:[a-z][a-z0-9-]{1,40}$/;

/** True when `value` is a {@link WordOrigin}; a plugin origin must name a valid plugin id. */
export function isWordOrigin(value: unknown): value is WordOrigin {
  return value === 'asr' || value === 'human' || (typeof value === 'string' && PLUGIN_ORIGIN.test(value));
}

/**
 * The attributes of one word leaf in the document (Slate leaf properties through @slate-yjs): times in seconds,
 * calibrated confidence, origin, and once a reviewer confirmed it `reviewed`, who (`reviewedBy`, a user id) and when
 * (`reviewedAt`, milliseconds since the epoch). Those three are the only ones a reviewer may change.
 */
export interface WordLeafAttributes {
  start: number;
  end: number;
  conf: number;
  origin: WordOrigin;
  reviewed?: boolean;
  reviewedBy?: string;
  reviewedAt?: number;
}

/** The leaf attributes that record a review, which `transcript.review` may change and nothing else. */
export const REVIEW_MARK_ATTRIBUTES = ['reviewed', 'reviewedBy', 'reviewedAt'] as const;

/** The attributes of one paragraph element (a turn, or part of a long one). */
export interface TurnAttributes {
  type: 'turn';
  speaker: string;
  start: number;
}

/** Options of {@link buildTranscriptDoc}. */
export interface BuildTranscriptDocOptions {
  /**
   * A turn longer than this many words is split into several paragraphs of the same speaker (default 200), so that
   * no paragraph holds thousands of leaves: the editor can only virtualise the top-level list of paragraphs.
   */
  readonly maxWordsPerParagraph?: number;
  /** Speaker name for segments without one (default `'Speaker 1'`). */
  readonly defaultSpeaker?: string;
}

/**
 * Writes segments into `doc` in the layout @slate-yjs (1.x) binds a Slate editor to: the root
 * `Y.XmlText` {@link TRANSCRIPT_ROOT} holds one embedded `Y.XmlText` per paragraph (its attributes are the Slate
 * element's properties, {@link TurnAttributes}), whose text is one insert per word carrying
 * {@link WordLeafAttributes}, separated by plain spaces without attributes. A word's `origin` is the one it carries
 * when that is a plugin's (`plugin:<id>`, set by the plugin host on words a post-processor wrote), else `asr`.
 * Runs in one transaction; the root must be empty.
 *
 * @example
 * const doc = buildTranscriptDoc(new Y.Doc(), result.segments);
 * const update = Y.encodeStateAsUpdate(doc);
 */
export function buildTranscriptDoc(doc: Y.Doc, segments: readonly Segment[], options: BuildTranscriptDocOptions = {}): Y.Doc {
  const maxWords = Math.max(1, options.maxWordsPerParagraph ?? 200);
  const defaultSpeaker = options.defaultSpeaker ?? 'Speaker 1';
  const root = doc.get(TRANSCRIPT_ROOT, Y.XmlText);
  if (root.length > 0) throw new Error('buildTranscriptDoc needs an empty document.');
  doc.transact(() => {
    for (const segment of segments) {
      const speaker = segment.speaker ?? defaultSpeaker;
      if (segment.words.length === 0) continue;
      for (let from = 0; from < segment.words.length; from += maxWords) {
        const words = segment.words.slice(from, from + maxWords);
        const paragraph = new Y.XmlText();
        const delta: Array<{ insert: string; attributes?: WordLeafAttributes }> = [];
        words.forEach((word, index) => {
          if (index > 0) delta.push({ insert: ' ' });
          delta.push({ insert: word.text, attributes: { start: word.start, end: word.end, conf: word.confidence, origin: originOf(word) } });
        });
        // attributes and content can only be written once the element is part of the document
        root.insertEmbed(root.length, paragraph);
        const turn: TurnAttributes = { type: 'turn', speaker, start: words[0]!.start };
        for (const [key, value] of Object.entries(turn)) paragraph.setAttribute(key, value as never);
        paragraph.applyDelta(delta);
      }
    }
  });
  return doc;
}

// only the recogniser and plugins write a new document's words: anything else claiming to be human is not trusted
function originOf(word: Word): WordOrigin {
  const origin = (word as Word & { origin?: unknown }).origin;
  return typeof origin === 'string' && origin.startsWith('plugin:') && isWordOrigin(origin) ? origin : 'asr';
}
