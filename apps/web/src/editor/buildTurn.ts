import type { Descendant } from 'slate';
import { type TurnElement, type WordOrigin, wordProperties } from './transcriptTypes.ts';

/** A word as `[text, start, end, conf?, origin?]`. */
export type WordSpec = readonly [text: string, start: number, end: number, conf?: number, origin?: WordOrigin];

/**
 * A turn paragraph in the layout the server writes (one leaf per word, single-space separators between them), for
 * fixtures and tests.
 *
 * @example
 * buildTurn('Anna', [['hello', 0, 0.4], ['world', 0.5, 0.9, 0.3]])
 */
export function buildTurn(speaker: string, words: readonly WordSpec[], start = words[0]?.[1] ?? 0): TurnElement {
  const children: Descendant[] = [];
  words.forEach(([text, s, e, conf = 0.9, origin = 'asr'], i) => {
    if (i > 0) children.push({ text: ' ' });
    children.push({ text, ...wordProperties({ start: s, end: e, conf, origin }) });
  });
  if (children.length === 0) children.push({ text: '' });
  return { type: 'turn', speaker, start, children };
}
