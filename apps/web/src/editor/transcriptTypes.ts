import {
  decodeReviewMark,
  decodeWordTiming,
  encodeReviewMark,
  encodeWordTiming,
  type ReviewMark,
  REVIEW_MARK_KEY,
  WORD_TIMING_KEY,
  type WordOrigin,
  type WordTiming,
} from '@verbatim/core/document';
import { type BaseEditor, type Descendant, Element, type Node, Text } from 'slate';
import type { ReactEditor } from 'slate-react';

export type { WordOrigin };

/**
 * A word leaf of the transcript document read out (see {@link wordOf}): its text, times in seconds, calibrated
 * confidence, origin, and the review mark a reviewer set. The leaf itself carries these packed (`t`, `r`: the schema
 * of `@verbatim/core/document`).
 */
export interface WordLeaf {
  text: string;
  start: number;
  end: number;
  conf: number;
  origin: WordOrigin;
  reviewed?: boolean;
  /** The reviewer's user id. */
  reviewedBy?: string;
  /** Milliseconds since the epoch. */
  reviewedAt?: number;
}

/**
 * A paragraph: one speaker turn, or part of a long one (the server keeps paragraphs at <= 200 words so the editor
 * can chunk the top-level list).
 */
export interface TurnElement {
  type: 'turn';
  speaker: string;
  /** Seconds. */
  start: number;
  children: Descendant[];
}

/**
 * A text node of the document as @slate-yjs gives it: a word (its packed timing `t`, and its packed review mark `r`
 * once reviewed) or a separator (plain spaces, no properties). Read one through {@link wordOf}; write `t` and `r`
 * through {@link wordProperties}, {@link timingProperties} and {@link reviewProperties}.
 */
export interface TranscriptText {
  text: string;
  /** `encodeWordTiming` of `@verbatim/core/document`. */
  t?: string;
  /** `encodeReviewMark` of `@verbatim/core/document`. */
  r?: string;
}

/** The properties of a word's leaf without its text: what an inserted leaf, a split or a merge carries. */
export type WordProperties = Omit<TranscriptText, 'text'>;

declare module 'slate' {
  interface CustomTypes {
    Editor: BaseEditor & ReactEditor;
    Element: TurnElement;
    Text: TranscriptText;
  }
}

// Slate nodes are immutable (an edit makes new objects), so a node's decoded word never goes stale; renders, the
// Problems panel and the playback index read the same node many times.
const decoded = new WeakMap<object, WordLeaf | null>();

/**
 * The word of a text node, decoded from its packed properties, or undefined for a separator (plain spaces) or any
 * text without a valid timing. The object is shared by every reader of that node: do not change it.
 */
export function wordOf(node: Node | undefined): WordLeaf | undefined {
  if (node === undefined || !Text.isText(node)) return undefined;
  let word = decoded.get(node);
  if (word === undefined) {
    word = decodeWord(node);
    decoded.set(node, word);
  }
  return word ?? undefined;
}

function decodeWord(node: TranscriptText): WordLeaf | null {
  const timing = decodeWordTiming(node[WORD_TIMING_KEY]);
  if (timing === undefined) return null;
  const word: WordLeaf = { text: node.text, ...timing };
  const mark = decodeReviewMark(node[REVIEW_MARK_KEY]);
  if (mark !== undefined) Object.assign(word, { reviewed: true, reviewedBy: mark.by, reviewedAt: mark.at });
  return Object.freeze(word);
}

/** True for a paragraph of the transcript. */
export function isTurn(node: Node | undefined): node is TurnElement {
  return node !== undefined && Element.isElement(node) && (node as { type?: unknown }).type === 'turn';
}

/** True for a text node holding only whitespace and no timing (what separates words). */
export function isSeparator(node: Node | undefined): boolean {
  return node !== undefined && Text.isText(node) && wordOf(node) === undefined && /^\s*$/u.test(node.text);
}

/** The leaf properties of `word` (packed timing, and review mark when reviewed): what a new leaf, a split or a merge carries. */
export function wordProperties(word: Omit<WordLeaf, 'text'>): WordProperties {
  const properties: WordProperties = { t: encodeWordTiming(word) };
  if (word.reviewed && word.reviewedBy !== undefined) properties.r = encodeReviewMark({ by: word.reviewedBy, at: word.reviewedAt ?? 0 });
  return properties;
}

/** The packed timing of `word` with `changes` applied, as the one property to set on its leaf (its review mark stays). */
export function timingProperties(word: WordTiming, changes: Partial<WordTiming> = {}): Pick<TranscriptText, 't'> {
  return { t: encodeWordTiming({ start: word.start, end: word.end, conf: word.conf, origin: word.origin, ...changes }) };
}

/** The packed review mark to set on a word's leaf. */
export function reviewProperties(mark: ReviewMark): Pick<TranscriptText, 'r'> {
  return { r: encodeReviewMark(mark) };
}
