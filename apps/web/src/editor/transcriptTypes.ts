import { type BaseEditor, type Descendant, Element, type Node, Text } from 'slate';
import type { ReactEditor } from 'slate-react';

/** Who wrote a word's text: the recogniser, a plugin's post-processor (`plugin:<id>`), or a person. */
export type WordOrigin = 'asr' | 'human' | `plugin:${string}`;

/**
 * A word leaf of the transcript document (a Slate text node bound to one Y.XmlText insert): times in seconds,
 * calibrated confidence, origin, and the review marks a reviewer sets.
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
 * A text node of the document: a word (all of {@link WordLeaf}'s properties) or a separator (plain spaces, none of
 * them). Read one through {@link wordOf}.
 */
export interface TranscriptText {
  text: string;
  start?: number;
  end?: number;
  conf?: number;
  origin?: WordOrigin;
  reviewed?: boolean;
  reviewedBy?: string;
  reviewedAt?: number;
}

declare module 'slate' {
  interface CustomTypes {
    Editor: BaseEditor & ReactEditor;
    Element: TurnElement;
    Text: TranscriptText;
  }
}

/** The word properties of a text node, or undefined for a separator (plain spaces) or any untimed text. */
export function wordOf(node: Node | undefined): WordLeaf | undefined {
  if (node === undefined || !Text.isText(node)) return undefined;
  const { start, end } = node as { start?: unknown; end?: unknown };
  return typeof start === 'number' && typeof end === 'number' ? (node as unknown as WordLeaf) : undefined;
}

/** True for a paragraph of the transcript. */
export function isTurn(node: Node | undefined): node is TurnElement {
  return node !== undefined && Element.isElement(node) && (node as { type?: unknown }).type === 'turn';
}

/** True for a text node holding only whitespace and no timing (what separates words). */
export function isSeparator(node: Node | undefined): boolean {
  return node !== undefined && Text.isText(node) && wordOf(node) === undefined && /^\s*$/u.test(node.text);
}

/** The properties of a word without its text (what an inserted leaf or a split carries). */
export function wordProperties(word: WordLeaf): Omit<WordLeaf, 'text'> {
  const { text: _text, ...properties } = word;
  return properties;
}
