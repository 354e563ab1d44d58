import { type Point, Text } from 'slate';
import { type TurnElement, type WordLeaf, wordOf } from '../editor/transcriptTypes.ts';
import { flagLevel } from '../review/flagLevel.ts';
import { confidenceLabel } from '../views/models/modelFormat.ts';

/** How words are drawn: the review threshold, whether confidence is calibrated, the plugins' change notes. */
export interface WordLook {
  threshold: number;
  /** False: the model's confidence is only a score ("Score 0.42" on hover, not a percentage). */
  calibrated?: boolean;
  /** The note on a word a plugin changed. */
  tooltip: (origin: string, text: string) => string;
}

/**
 * The attributes of a word's span (`data-word`, `data-start`, `data-end`, `data-conf`, `data-flagged`, `data-level`,
 * `data-reviewed`, `data-origin`, `title`), the same for a live word (a Slate leaf) and a static one; absent ones are
 * undefined.
 */
export function wordAttributes(word: WordLeaf, look: WordLook): Record<string, string | undefined> {
  const level = flagLevel(word, look.threshold);
  const origin = originKind(word);
  const change = origin === 'plugin' ? look.tooltip(word.origin, word.text) : origin === 'human' ? 'edited by a person' : undefined;
  return {
    'data-word': '',
    'data-start': String(word.start),
    'data-end': String(word.end),
    'data-conf': String(word.conf),
    'data-flagged': level > 0 ? 'true' : undefined,
    'data-level': level > 0 ? String(level) : undefined,
    'data-reviewed': word.reviewed ? 'true' : undefined,
    'data-origin': origin,
    title: wordTitle(word.conf, look.calibrated, change, level > 0 && !word.reviewed),
  };
}

// who changed the word, as `data-origin` names it: a person, a plugin, or no one (the recogniser)
function originKind(word: WordLeaf): 'human' | 'plugin' | undefined {
  return word.origin === 'human' ? 'human' : word.origin?.startsWith('plugin:') ? 'plugin' : undefined;
}

// the confidence on hover (and, as the word's description, to a screen reader), whether it waits for review, then
// who changed the word
function wordTitle(conf: number, calibrated: boolean | undefined, change: string | undefined, flagged: boolean): string {
  const confidence = confidenceLabel(conf, calibrated);
  const text = flagged ? `Flagged for review · ${confidence}` : confidence;
  return change ? `${text} · ${change}` : text;
}

/**
 * The words of a paragraph as markup that lays out, reads, is found (browser find) and is styled like the live
 * paragraph, with as few DOM nodes as that takes: a word drawn differently (flagged, or changed by a person or a
 * plugin) is a span with its {@link wordAttributes}, every other word and the separators are plain text. (A span per
 * word cost Chromium about 5 ms of every keystroke on a 3-hour transcript, for nodes nobody sees: a paragraph turns
 * live as it comes into view; see {@link staticWordRange} for measuring a word without one.)
 */
export function staticWordsHtml(turn: TurnElement, look: WordLook): string {
  let html = '';
  for (const child of turn.children) {
    if (!Text.isText(child) || child.text === '') continue;
    const word = wordOf(child);
    if (!word || (flagLevel(word, look.threshold) === 0 && originKind(word) === undefined)) {
      html += escapeHtml(child.text);
      continue;
    }
    html += '<span';
    for (const [name, value] of Object.entries(wordAttributes(word, look))) if (value !== undefined) html += ` ${name}="${escapeHtml(value)}"`;
    html += `>${escapeHtml(child.text)}</span>`;
  }
  return html;
}

/**
 * The DOM range of characters `start` to `end` of the text of `container` (static words: where a word is drawn,
 * span or not); undefined past its text.
 */
export function staticWordRange(container: Element, start: number, end: number): Range | undefined {
  const doc = container.ownerDocument;
  const walker = doc.createTreeWalker(container, 4 /* NodeFilter.SHOW_TEXT */);
  const range = doc.createRange();
  let before = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.nodeValue?.length ?? 0;
    if (!started && start < before + length) {
      range.setStart(node, start - before);
      started = true;
    }
    if (started && end <= before + length) {
      range.setEnd(node, end - before);
      return range;
    }
    before += length;
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * The character offset, in the text of `container`, of the caret position at viewport point (`x`, `y`) (where a
 * click there puts the caret); undefined when that is not inside `container`.
 */
export function textOffsetAt(container: Element, x: number, y: number): number | undefined {
  const doc = container.ownerDocument;
  let node: globalThis.Node | undefined;
  let offset = 0;
  const position = typeof doc.caretPositionFromPoint === 'function' ? doc.caretPositionFromPoint(x, y) : null;
  if (position) {
    node = position.offsetNode;
    offset = position.offset;
  } else if (typeof doc.caretRangeFromPoint === 'function') {
    const range = doc.caretRangeFromPoint(x, y);
    node = range?.startContainer;
    offset = range?.startOffset ?? 0;
  }
  if (!node || !container.contains(node)) return undefined;
  const range = doc.createRange();
  range.setStart(container, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

/**
 * The Slate point at character `offset` of the paragraph `turn` (top-level index `index`): in the leaf whose text
 * holds it, the earlier leaf where two meet; the paragraph's end past its text.
 */
export function pointAtTextOffset(turn: TurnElement, index: number, offset: number): Point {
  let before = 0;
  let last: Point = { path: [index, 0], offset: 0 };
  for (let j = 0; j < turn.children.length; j++) {
    const child = turn.children[j]!;
    if (!Text.isText(child)) continue;
    const length = child.text.length;
    if (offset <= before + length) return { path: [index, j], offset: Math.max(0, offset - before) };
    before += length;
    last = { path: [index, j], offset: length };
  }
  return last;
}
