// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createEditor, type Editor, Transforms } from 'slate';
import { Editable, ReactEditor, Slate, withReact } from 'slate-react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTurn } from '../editor/buildTurn.ts';
import type { TurnElement } from '../editor/transcriptTypes.ts';
import { withTranscriptTiming } from '../editor/withTranscriptTiming.ts';
import { createRenderers } from './createRenderers.tsx';
import { attachLiveParagraphs, ensureLive, LiveParagraphs, type NearEntry, type NearObserver } from './LiveParagraphs.ts';
import { TranscriptViewContext } from './TranscriptViewContext.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;
beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

function makeEditor(): Editor {
  const editor = withTranscriptTiming(withReact(createEditor()));
  editor.children = [
    buildTurn('Anna', [
      ['five', 1, 1.3, 0.9, 'asr'],
      ['mg', 1.4, 1.6, 0.5, 'human'],
      ['daily', 1.7, 2, 0.3],
    ]),
    buildTurn('Ben', [['yes', 3, 3.2, 0.95], ['<no>', 3.3, 3.5, 0.4]]),
    buildTurn('Cleo', [['later', 5, 5.4, 0.9]]),
  ];
  return editor;
}

// an observer the test reports to, as IntersectionObserver would
class FakeObserver implements NearObserver {
  readonly observed = new Set<Element>();
  readonly report: (entries: ReadonlyArray<NearEntry>) => void;
  constructor(report: FakeObserver['report']) {
    this.report = report;
  }
  observe(element: Element) {
    this.observed.add(element);
  }
  unobserve(element: Element) {
    this.observed.delete(element);
  }
  disconnect() {
    this.observed.clear();
  }
}

function render(editor: Editor, options: { pinned?: number; idle?: (work: () => void) => () => void; input?: EventTarget; now?: () => number } = {}) {
  let observer: FakeObserver | undefined;
  const paragraphs = new LiveParagraphs(editor as ReactEditor, { ...options, observer: (_root, report) => (observer = new FakeObserver(report)) });
  const renderers = createRenderers(0.6, () => 'plugin note', { paragraphs });
  act(() =>
    root.render(
      <TranscriptViewContext.Provider value={{ canEdit: true, playFrom: () => {}, currentTime: () => 0 }}>
        <Slate editor={editor} initialValue={editor.children}>
          <Editable renderElement={renderers.renderElement} renderText={renderers.renderText} renderChunk={renderers.renderChunk} />
        </Slate>
      </TranscriptViewContext.Provider>,
    ),
  );
  const detach = attachLiveParagraphs(editor, paragraphs);
  act(() => void paragraphs.attach(host));
  const near = (index: number, isIntersecting: boolean) => act(() => observer!.report([{ target: turns()[index]!, isIntersecting }]));
  return { paragraphs, near, observer: observer!, detach };
}

const turns = () => [...host.querySelectorAll<HTMLElement>('[data-turn]')];
const liveness = () => turns().map((t) => t.dataset.live);
const leaves = (index: number) => turns()[index]!.querySelectorAll('[data-slate-leaf]').length;

describe('live and static paragraphs', () => {
  it('draws a paragraph out of view as static, non-editable text with the same spans and attributes as live ones for the words drawn differently', () => {
    const editor = makeEditor();
    const { near } = render(editor);
    expect(liveness()).toEqual(['false', 'false', 'false']);
    const words = turns()[1]!.querySelector<HTMLElement>('[data-static-words]')!;
    expect(words.getAttribute('contenteditable')).toBe('false');
    expect(leaves(1)).toBe(0);
    const spansOf = (turn: HTMLElement) =>
      [...turn.querySelectorAll<HTMLElement>('span[data-word]')].map((s) => [s.textContent, ...['data-start', 'data-end', 'data-conf', 'data-flagged', 'data-level', 'data-origin', 'title'].map((a) => s.getAttribute(a))]);
    const marked = (turn: HTMLElement) => spansOf(turn).filter((s) => s[5] !== null || s[6] !== null);
    const before = turns().map(spansOf);
    const texts = turns().map((t) => t.querySelector('.vb-turn-text')!.textContent);
    // the text reads the same, separators included, and markup in a word is text
    expect(texts[1]).toBe('yes <no>');
    near(0, true);
    near(1, true);
    near(2, true);
    expect(liveness()).toEqual(['true', 'true', 'true']);
    expect(leaves(1)).toBeGreaterThan(0);
    // live: a span per word; static: spans only for those drawn differently (flagged, changed), the same spans
    expect(turns().map((t) => t.querySelector('.vb-turn-text')!.textContent)).toEqual(texts);
    expect(turns().map(spansOf)[0]!.map((w) => w[0])).toEqual(['five', 'mg', 'daily']);
    expect(turns().map(marked)).toEqual(before);
    expect(before.map((spans) => spans.map((w) => w[0]))).toEqual([['mg', 'daily'], ['<no>'], []]);
    expect(before[0]![0]).toEqual(['mg', '1.4', '1.6', '0.5', 'true', '1', 'human', 'Flagged for review · Confidence 50% · edited by a person']);
  });

  it('makes a static paragraph in the margin but out of view live only once the page is idle', () => {
    const editor = makeEditor();
    const idle: Array<() => void> = [];
    const { observer } = render(editor, { idle: (work) => (idle.push(work), () => idle.splice(idle.indexOf(work), 1)) });
    // the view is 100-200 px, the observer's root grown by a view above and below: 0-300
    const rootBounds = new DOMRect(0, 0, 800, 300);
    const at = (top: number) => new DOMRect(0, top, 800, 40);
    const report = (index: number, top: number) => act(() => observer.report([{ target: turns()[index]!, isIntersecting: true, rootBounds, boundingClientRect: at(top) }]));
    report(0, 120);
    report(1, 230);
    report(2, 20);
    expect(liveness()).toEqual(['true', 'false', 'false']);
    expect(idle).toHaveLength(1);
    act(() => idle.shift()!());
    expect(liveness()).toEqual(['true', 'true', 'true']);
    // one that leaves before the page is idle is not made live
    act(() => observer.report([{ target: turns()[1]!, isIntersecting: false }, { target: turns()[2]!, isIntersecting: false }]));
    report(1, 250);
    act(() => observer.report([{ target: turns()[1]!, isIntersecting: false }]));
    act(() => idle.shift()?.());
    expect(liveness()).toEqual(['true', 'false', 'false']);
  });

  it('waits for a pause in typing before making margin paragraphs live', () => {
    const editor = makeEditor();
    const idle: Array<() => void> = [];
    const input = new EventTarget();
    let now = 1000;
    const { observer } = render(editor, { idle: (work) => (idle.push(work), () => idle.splice(idle.indexOf(work), 1)), input, now: () => now });
    act(() => observer.report([{ target: turns()[1]!, isIntersecting: true, rootBounds: new DOMRect(0, 0, 800, 300), boundingClientRect: new DOMRect(0, 230, 800, 40) }]));
    input.dispatchEvent(new Event('keydown'));
    now += 100;
    act(() => idle.shift()!());
    expect(liveness()).toEqual(['false', 'false', 'false']);
    expect(idle).toHaveLength(1);
    now += 400;
    act(() => idle.shift()!());
    expect(liveness()).toEqual(['false', 'true', 'false']);
  });

  it('makes a paragraph live while it is near the view, and static again once it leaves it', () => {
    const editor = makeEditor();
    const { near, paragraphs, observer } = render(editor);
    expect(observer.observed.size).toBe(3);
    near(1, true);
    expect(liveness()).toEqual(['false', 'true', 'false']);
    expect(paragraphs.liveIndexes()).toEqual([1]);
    near(1, false);
    expect(liveness()).toEqual(['false', 'false', 'false']);
  });

  it('keeps the paragraphs of the selection live, and the view of an edited paragraph follows the edit', async () => {
    const editor = makeEditor();
    const { near } = render(editor);
    await act(async () => Transforms.select(editor, { anchor: { path: [0, 0], offset: 1 }, focus: { path: [2, 0], offset: 2 } }));
    expect(liveness()).toEqual(['true', 'false', 'true']);
    // its DOM is there for Slate to put the browser's selection in
    expect(() => ReactEditor.toDOMRange(editor as ReactEditor, editor.selection!)).not.toThrow();
    await act(async () => Transforms.select(editor, { path: [1, 0], offset: 0 }));
    expect(liveness()).toEqual(['false', 'true', 'false']);
    // a paragraph in view does not go static when the selection leaves it
    near(0, true);
    await act(async () => editor.insertText('s'));
    await act(async () => Transforms.select(editor, { path: [2, 0], offset: 0 }));
    expect(liveness()).toEqual(['true', 'false', 'true']);
    // an edit of a static paragraph (a collaborator's) redraws its static words
    await act(async () => Transforms.insertText(editor, 'Y', { at: { path: [1, 0], offset: 0 } }));
    expect(turns()[1]!.querySelector('[data-static-words]')!.textContent).toBe('Ysyes <no>');
  });

  it('makes a paragraph live at once for code that needs its words as DOM nodes, keeping only the last few so', () => {
    const editor = makeEditor();
    const { paragraphs } = render(editor, { pinned: 2 });
    expect(() => ReactEditor.toDOMNode(editor as ReactEditor, (editor.children[2] as TurnElement).children[0]!)).toThrow();
    act(() => void expect(ensureLive(editor, [2, 0])).toBe(true));
    expect(ReactEditor.toDOMNode(editor as ReactEditor, (editor.children[2] as TurnElement).children[0]!).textContent).toBe('later');
    // already live: nothing to do
    act(() => void expect(ensureLive(editor, [2, 0])).toBe(false));
    act(() => void paragraphs.ensureLive([0]));
    act(() => void paragraphs.ensureLive([1]));
    expect(liveness()).toEqual(['true', 'true', 'false']);
    expect(ensureLive(editor, [7])).toBe(false);
  });
});

describe('the first screen', () => {
  it('is live from the first render until the observer has reported on it', () => {
    const editor = makeEditor();
    let report: ((entries: ReadonlyArray<{ target: Element; isIntersecting: boolean }>) => void) | undefined;
    const paragraphs = new LiveParagraphs(editor as ReactEditor, { initial: 2, observer: (_root, r) => ((report = r), { observe() {}, unobserve() {}, disconnect() {} }) });
    const renderers = createRenderers(0.6, () => '', { paragraphs });
    act(() =>
      root.render(
        <Slate editor={editor} initialValue={editor.children}>
          <Editable renderElement={renderers.renderElement} renderText={renderers.renderText} renderChunk={renderers.renderChunk} />
        </Slate>,
      ),
    );
    act(() => void paragraphs.attach(host));
    expect(liveness()).toEqual(['true', 'true', 'false']);
    act(() => report!([{ target: turns()[0]!, isIntersecting: true }, { target: turns()[1]!, isIntersecting: false }]));
    expect(liveness()).toEqual(['true', 'false', 'false']);
  });
});
