import { Editor, Node, Path, type Point, Range, Text, Transforms } from 'slate';
import { spreadTimes, timeAtOffset } from './interpolateTimes.ts';
import { splitWord } from './splitWord.ts';
import { wordAfter, wordBefore } from './neighbourWords.ts';
import { isSeparator, timingProperties, type WordLeaf, wordOf, wordProperties } from './transcriptTypes.ts';

/**
 * Inserts typed or pasted text at the selection with the transcript's timing rules:
 * - characters typed inside a word, or against its edge, join that word, which keeps its start and end;
 * - a space typed inside a word splits it in two, each half keeping its share of the word's time;
 * - a word typed between words is a new leaf (confidence 1, origin `human`) with times interpolated in the gap
 *   between its neighbours (several pasted words share the gap in proportion to their lengths);
 * - text replacing a selection inside one word keeps that word's times (spread over the words typed); text replacing a
 *   selection over several words takes their span, from the first word's start to the last word's end, and their
 *   lowest confidence (what is left of the first and the last word outside the selection joins the word typed).
 * Whitespace runs, line breaks included, count as one space. Marking edited words as human is left to the caller
 * (see `withTranscriptTiming`).
 */
export function insertTranscriptText(editor: Editor, text: string): void {
  const selection = editor.selection;
  if (!selection) return;
  const clean = text.replace(/\s+/gu, ' ');
  if (clean === '') return;
  Editor.withoutNormalizing(editor, () => {
    const replaced = Range.isExpanded(selection) ? deleteForReplacement(editor, selection) : undefined;
    const tokens = clean.split(/( )/u).filter((t) => t !== '');
    let remaining = tokens.reduce((n, t) => (t === ' ' ? n : n + t.length), 0);
    const typed: Array<{ ref: ReturnType<typeof Editor.pathRef>; length: number }> = [];
    for (const token of tokens) {
      if (token === ' ') insertSpace(editor);
      else {
        remaining -= token.length;
        const path = insertWord(editor, token, remaining);
        // backward: when a space typed next splits this word, the ref stays on the half the token is in
        if (path) typed.push({ ref: Editor.pathRef(editor, path, { affinity: 'backward' }), length: token.length });
      }
    }
    // the words that replaced one word share its time
    if (replaced && typed.length > 1) {
      const times = spreadTimes(replaced.start, replaced.end, typed.map((t) => t.length));
      typed.forEach((t, i) => {
        const path = t.ref.current;
        const word = path ? wordOf(Node.get(editor, path)) : undefined;
        if (path && word) Transforms.setNodes(editor, timingProperties(word, { start: times[i]![0], end: times[i]![1] }), { at: path });
      });
    }
    for (const t of typed) t.ref.unref();
  });
}

/** Moves range edges that sit at a text's end (or start) onto the neighbouring text, so a selected word is one leaf. */
export function trimRange(editor: Editor, range: Range): Range {
  let [start, end] = Range.edges(range);
  const startNode = Node.get(editor, start.path) as Text;
  if (start.offset === startNode.text.length && start.path.length > 1) {
    const next = Path.next(start.path);
    if (Node.has(editor, next) && (Path.isBefore(next, end.path) || Path.equals(next, end.path))) start = { path: next, offset: 0 };
  }
  if (end.offset === 0 && end.path.length > 1 && end.path[end.path.length - 1]! > 0) {
    const prev = Path.previous(end.path);
    if (Path.isAfter(prev, start.path) || Path.equals(prev, start.path)) end = { path: prev, offset: (Node.get(editor, prev) as Text).text.length };
  }
  if (Path.isAfter(start.path, end.path) || (Path.equals(start.path, end.path) && start.offset > end.offset)) end = start;
  return { anchor: start, focus: end };
}

// Deletes the selection before the replacement is typed; returns the span the replacement takes: the word's when the
// selection lay inside one word, all the words' when it reached over several.
function deleteForReplacement(editor: Editor, range: Range): WordLeaf | undefined {
  const trimmed = trimRange(editor, range);
  const [start, end] = Range.edges(trimmed);
  if (Path.equals(start.path, end.path)) {
    const node = Node.get(editor, start.path) as Text;
    const word = wordOf(node);
    const span = word ? { ...word } : undefined;
    if (start.offset < end.offset) {
      editor.apply({ type: 'remove_text', path: start.path, offset: start.offset, text: node.text.slice(start.offset, end.offset) });
    }
    Transforms.select(editor, start);
    return span;
  }
  const touched = [...Editor.nodes(editor, { at: { anchor: { path: start.path, offset: 0 }, focus: { path: end.path, offset: 0 } }, match: Text.isText })]
    .map(([node]) => wordOf(node))
    .filter((word) => word !== undefined);
  const first = Editor.pathRef(editor, start.path);
  const last = Editor.pathRef(editor, end.path);
  Transforms.select(editor, trimmed);
  Transforms.delete(editor);
  const firstPath = first.unref();
  const lastPath = last.unref();
  if (touched.length === 0 || !firstPath || !lastPath) return undefined;
  const span: WordLeaf = {
    text: '',
    start: Math.min(...touched.map((w) => w.start)),
    end: Math.max(...touched.map((w) => w.end)),
    conf: Math.min(...touched.map((w) => w.conf)),
    origin: 'human',
  };
  const target = joinForReplacement(editor, firstPath, lastPath);
  if (!target) return undefined;
  Transforms.setNodes(editor, timingProperties(span), { at: target.path });
  Transforms.select(editor, target);
  return span;
}

// After a selection over several words was deleted, what is left of its first and last leaf becomes the one word the
// replacement is typed into; returns the caret there (where the selection began).
function joinForReplacement(editor: Editor, firstPath: Path, lastPath: Path): Point | undefined {
  if (!Node.has(editor, firstPath) || !Node.has(editor, lastPath)) return undefined;
  const head = Node.get(editor, firstPath) as Text;
  const tail = Node.get(editor, lastPath) as Text;
  const adjacent = Path.equals(Path.next(firstPath), lastPath);
  if (!wordOf(head)) return wordOf(tail) ? { path: lastPath, offset: 0 } : undefined;
  if (!wordOf(tail) || !adjacent) return { path: firstPath, offset: head.text.length };
  if (head.text === '') {
    editor.apply({ type: 'remove_node', path: firstPath, node: head });
    return { path: firstPath, offset: 0 };
  }
  if (tail.text === '') {
    editor.apply({ type: 'remove_node', path: lastPath, node: tail });
    return { path: firstPath, offset: head.text.length };
  }
  editor.apply({ type: 'merge_node', path: lastPath, position: head.text.length, properties: wordProperties(wordOf(tail)!) });
  return { path: firstPath, offset: head.text.length };
}

function caret(editor: Editor): Point {
  const selection = editor.selection!;
  return Range.isCollapsed(selection) ? selection.anchor : Range.start(selection);
}

function siblingsOf(editor: Editor, path: Path): Node[] {
  return (Node.get(editor, Path.parent(path)) as { children: Node[] }).children;
}

// Returns the path of the word the token went into.
function insertWord(editor: Editor, token: string, remainingAfter: number): Path | undefined {
  const point = caret(editor);
  const node = Node.get(editor, point.path) as Text;
  if (!isSeparator(node)) {
    // a word (or untimed text): the token becomes part of it and it keeps its times
    editor.apply({ type: 'insert_text', path: point.path, offset: point.offset, text: token });
    Transforms.select(editor, { path: point.path, offset: point.offset + token.length });
    return point.path;
  }
  const siblings = siblingsOf(editor, point.path);
  const index = point.path[point.path.length - 1]!;
  const prev = siblings[index - 1] as Text | undefined;
  const next = siblings[index + 1] as Text | undefined;
  if (point.offset === 0 && wordOf(prev)) {
    const prevPath = Path.previous(point.path);
    const offset = prev!.text.length;
    editor.apply({ type: 'insert_text', path: prevPath, offset, text: token });
    Transforms.select(editor, { path: prevPath, offset: offset + token.length });
    return prevPath;
  }
  if (point.offset === node.text.length && wordOf(next)) {
    const nextPath = Path.next(point.path);
    editor.apply({ type: 'insert_text', path: nextPath, offset: 0, text: token });
    Transforms.select(editor, { path: nextPath, offset: token.length });
    return nextPath;
  }
  // a new word in the gap between its neighbours
  const before = wordBefore(editor, point.path);
  const after = wordAfter(editor, point.path);
  const gapStart = before?.word.end ?? after?.word.start ?? 0;
  const gapEnd = Math.max(gapStart, after?.word.start ?? gapStart);
  const [[start, end]] = spreadTimes(gapStart, gapEnd, [token.length, remainingAfter]) as [[number, number]];
  let at: Path;
  if (point.offset === 0) at = point.path;
  else if (point.offset === node.text.length) at = Path.next(point.path);
  else {
    editor.apply({ type: 'split_node', path: point.path, position: point.offset, properties: {} });
    at = Path.next(point.path);
  }
  editor.apply({ type: 'insert_node', path: at, node: { text: token, ...wordProperties({ start, end, conf: 1, origin: 'human' }) } });
  Transforms.select(editor, { path: at, offset: token.length });
  return at;
}

function insertSpace(editor: Editor): void {
  const point = caret(editor);
  const node = Node.get(editor, point.path) as Text;
  const word = wordOf(node);
  if (!word) {
    editor.apply({ type: 'insert_text', path: point.path, offset: point.offset, text: ' ' });
    Transforms.select(editor, { path: point.path, offset: point.offset + 1 });
    return;
  }
  const length = node.text.length;
  if (point.offset > 0 && point.offset < length) {
    // a space inside a word splits it, each half keeping its share of the time
    const mid = timeAtOffset(word.start, word.end, point.offset, length);
    splitWord(editor, point.path, point.offset, mid, word);
    const separator = Path.next(point.path);
    editor.apply({ type: 'insert_node', path: separator, node: { text: ' ' } });
    Transforms.select(editor, { path: Path.next(separator), offset: 0 });
    return;
  }
  const siblings = siblingsOf(editor, point.path);
  const index = point.path[point.path.length - 1]!;
  if (point.offset === length && length > 0) {
    const nextPath = Path.next(point.path);
    if (isSeparator(siblings[index + 1])) editor.apply({ type: 'insert_text', path: nextPath, offset: 0, text: ' ' });
    else editor.apply({ type: 'insert_node', path: nextPath, node: { text: ' ' } });
    Transforms.select(editor, { path: nextPath, offset: 1 });
    return;
  }
  // before the word (or into an emptied one)
  const prev = siblings[index - 1] as Text | undefined;
  if (index > 0 && isSeparator(prev)) {
    const prevPath = Path.previous(point.path);
    editor.apply({ type: 'insert_text', path: prevPath, offset: prev!.text.length, text: ' ' });
    Transforms.select(editor, { path: prevPath, offset: prev!.text.length + 1 });
  } else {
    editor.apply({ type: 'insert_node', path: point.path, node: { text: ' ' } });
    Transforms.select(editor, { path: point.path, offset: 1 });
  }
}
