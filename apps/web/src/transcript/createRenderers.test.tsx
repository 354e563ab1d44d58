// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createEditor, type Editor, Transforms } from 'slate';
import { Editable, Slate, withReact } from 'slate-react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTurn } from '../editor/buildTurn.ts';
import { reviewProperties } from '../editor/transcriptTypes.ts';
import { withTranscriptTiming } from '../editor/withTranscriptTiming.ts';
import { pluginTooltip } from './pluginTooltip.ts';
import { ProgressiveRender } from './ProgressiveRender.ts';
import { createRenderers } from './createRenderers.tsx';
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
      ['mg', 1.4, 1.6, 0.5, 'plugin:medical'],
      ['daily', 1.7, 2, 0.3],
    ]),
    buildTurn('Ben', [['yes', 3, 3.2, 0.95]]),
  ];
  return editor;
}

function render(editor: Editor, threshold: number, seeks: number[] = [], calibrated?: boolean) {
  const tooltip = pluginTooltip([{ pluginId: 'medical', processorId: 'medical.dosage', before: 'five milligrams', after: 'five mg', from: 0, fromEnd: 2, to: 0, toEnd: 2 }]);
  const renderers = createRenderers(threshold, tooltip, calibrated === undefined ? {} : { calibrated });
  act(() =>
    root.render(
      <TranscriptViewContext.Provider value={{ canEdit: true, playFrom: (t) => seeks.push(t), currentTime: () => 0 }}>
        <Slate editor={editor} initialValue={editor.children}>
          <Editable renderElement={renderers.renderElement} renderText={renderers.renderText} renderChunk={renderers.renderChunk} />
        </Slate>
      </TranscriptViewContext.Provider>,
    ),
  );
}

const words = () => [...host.querySelectorAll<HTMLElement>('span[data-word]')];

describe('the rendered transcript', () => {
  it('renders one span per word with its timing, confidence, flag and origin as data attributes', () => {
    render(makeEditor(), 0.6);
    expect(words().map((w) => [w.textContent, w.dataset.start, w.dataset.end, w.dataset.conf, w.dataset.flagged, w.dataset.origin])).toEqual([
      ['five', '1', '1.3', '0.9', undefined, undefined],
      ['mg', '1.4', '1.6', '0.5', 'true', 'plugin'],
      ['daily', '1.7', '2', '0.3', 'true', undefined],
      ['yes', '3', '3.2', '0.95', undefined, undefined],
    ]);
    // the confidence shows on hover (a flagged word says so: it is also what a screen reader describes it with), then
    // who changed the word
    expect(words().map((w) => w.title)).toEqual([
      'Confidence 90%',
      'Flagged for review · Confidence 50% · changed by plugin medical: five milligrams → five mg',
      'Flagged for review · Confidence 30%',
      'Confidence 95%',
    ]);
    expect(words()[2]!.dataset.level).toBe('3');
  });

  it("shows an uncalibrated model's confidence as a score, never as a percentage", () => {
    render(makeEditor(), 0.6, [], false);
    expect(words().map((w) => w.title)).toEqual([
      'Score 0.90 (uncalibrated model, not a probability)',
      'Flagged for review · Score 0.50 (uncalibrated model, not a probability) · changed by plugin medical: five milligrams → five mg',
      'Flagged for review · Score 0.30 (uncalibrated model, not a probability)',
      'Score 0.95 (uncalibrated model, not a probability)',
    ]);
  });

  it('shows each turn with its speaker, start time and flagged count, and plays from the time', () => {
    const seeks: number[] = [];
    render(makeEditor(), 0.6, seeks);
    const turns = [...host.querySelectorAll<HTMLElement>('[data-turn]')];
    expect(turns.map((t) => (t.querySelector('[data-testid=turn-speaker]') as HTMLInputElement).value)).toEqual(['Anna', 'Ben']);
    expect(turns.map((t) => t.querySelector('[data-testid=turn-time]')!.textContent)).toEqual(['00:00:01', '00:00:03']);
    expect(turns.map((t) => t.querySelector('[data-testid=turn-flagged]')?.textContent ?? '')).toEqual(['⚑ 2', '']);
    act(() => (turns[1]!.querySelector('[data-testid=turn-time]') as HTMLButtonElement).click());
    expect(seeks).toEqual([3]);
  });

  it('redraws the flags for a new threshold, and reviewed words are never flagged', async () => {
    const editor = makeEditor();
    render(editor, 0.6);
    await act(async () => Transforms.setNodes(editor, reviewProperties({ by: 'u1', at: 1 }), { at: [0, 4] }));
    render(editor, 0.92);
    expect(words().map((w) => w.dataset.flagged ?? '-')).toEqual(['true', 'true', '-', '-']);
    expect(words()[2]!.dataset.reviewed).toBe('true');
  });

  it('updates the word that was typed into, keeping its times and marking it human', async () => {
    const editor = makeEditor();
    render(editor, 0.6);
    // Slate tells React about changes in a microtask
    await act(async () => {
      Transforms.select(editor, { path: [0, 4], offset: 5 });
      editor.insertText('s');
    });
    const daily = words()[2]!;
    expect([daily.textContent, daily.dataset.start, daily.dataset.end, daily.dataset.origin]).toEqual(['dailys', '1.7', '2', 'human']);
  });

  it('renders the first chunk of paragraphs at once and the next one in idle time, with a placeholder until then', () => {
    const editor = makeEditor();
    editor.children = [...editor.children, buildTurn('Cleo', [['no', 4, 4.2, 0.9]])];
    // chunks of two paragraphs: [Anna, Ben], [Cleo]
    editor.getChunkSize = (node) => (node === editor ? 2 : null);
    const idle: Array<() => void> = [];
    const progressive = new ProgressiveRender({ eager: 1, input: null, graceMs: 0, idle: (work) => (idle.push(work), () => {}) });
    const renderers = createRenderers(0.6, () => '', { progressive });
    act(() =>
      root.render(
        <TranscriptViewContext.Provider value={{ canEdit: true, playFrom: () => {}, currentTime: () => 0 }}>
          <Slate editor={editor} initialValue={editor.children}>
            <Editable renderElement={renderers.renderElement} renderText={renderers.renderText} renderChunk={renderers.renderChunk} />
          </Slate>
        </TranscriptViewContext.Provider>,
      ),
    );
    expect(words().map((w) => w.textContent)).toEqual(['five', 'mg', 'daily', 'yes']);
    const pending = host.querySelector<HTMLElement>('.vb-chunk-pending')!;
    expect(pending.style.height).toBe('38px');
    expect(pending.getAttribute('contenteditable')).toBe('false');
    act(() => idle.shift()!());
    expect(words().map((w) => w.textContent)).toEqual(['five', 'mg', 'daily', 'yes', 'no']);
    expect(host.querySelector('.vb-chunk-pending')).toBeNull();
    expect(progressive.done).toBe(true);
  });
});
