// @vitest-environment jsdom
// The caption screen on the events of its stream (the stream itself runs against a real SSE server in
// openCaptionStream.test.ts, the whole page against the real server in tests/browser): what it says while waiting,
// partials distinct from finals, only finals in the live region, the settings applied, the talk's end, a link that
// is gone.
import type { CaptionJson, LiveViewJson } from '@verbatim/core/api';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toDisposable } from '../../../platform/Disposable.ts';
import { CaptionScreen } from './CaptionScreen.tsx';
import { type CaptionSettings, DEFAULT_CAPTION_SETTINGS, readCaptionSettings } from './captionSettings.ts';
import { type CaptionStreamEvent, NOT_FOUND_MESSAGE, REVOKED_MESSAGE } from './openCaptionStream.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const caption = (seq: number, final: boolean, text: string): CaptionJson => ({ seq, final, text, startMs: seq * 1000, endMs: seq * 1000 + 900, words: [] });
const view = (state: LiveViewJson['state'], recentFinals: CaptionJson[] = []): LiveViewJson => ({ title: 'Keynote: open data', state, recentFinals });

let root: Root | undefined;
let element: HTMLElement;
let listener: ((event: CaptionStreamEvent) => void) | undefined;
let opened: string[];
let disposed: number;
beforeEach(() => {
  element = document.createElement('div');
  document.body.append(element);
  listener = undefined;
  opened = [];
  disposed = 0;
});
afterEach(() => {
  act(() => root?.unmount());
  element.remove();
});

function show(token: string, settings: CaptionSettings = DEFAULT_CAPTION_SETTINGS, onSettingsChange: (s: CaptionSettings) => void = () => {}) {
  const openStream = (t: string, l: (event: CaptionStreamEvent) => void) => {
    opened.push(t);
    listener = l;
    return toDisposable(() => disposed++);
  };
  root = createRoot(element);
  act(() => root!.render(<CaptionScreen token={token} settings={settings} onSettingsChange={onSettingsChange} openStream={openStream} />));
}
const emit = (...events: CaptionStreamEvent[]) => act(() => events.forEach((e) => listener!(e)));
const q = (testId: string) => element.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
const lines = () => [...element.querySelectorAll<HTMLElement>('[data-testid="caption-line"]')].map((l) => [l.dataset['final'], l.textContent?.trim()]);
const phase = () => q('captions-state')?.dataset['state'];

describe('CaptionScreen', () => {
  it('waits for the talk, then rolls partials (distinct) into finals; only finals are in the live region', () => {
    show('t');
    expect(opened).toEqual(['t']);
    expect(phase()).toBe('connecting');
    emit({ type: 'connection', state: 'open' }, { type: 'view', view: view('live') });
    expect(phase()).toBe('waiting');
    expect(q('captions-state')!.textContent).toBe('Waiting for the talk to start…');
    expect(element.querySelector('h1')!.textContent).toBe('Keynote: open data');
    expect(document.title).toBe('Keynote: open data · Live captions');

    emit({ type: 'caption', caption: caption(0, false, 'welcome to') });
    expect(lines()).toEqual([['false', 'welcome to']]);
    expect(phase()).toBe('live');
    expect(element.querySelector('[data-final="false"]')!.className).toContain('caption-partial');
    emit({ type: 'caption', caption: caption(0, true, 'welcome to the') }, { type: 'caption', caption: caption(1, false, 'keynote') });
    expect(lines()).toEqual([
      ['true', 'welcome to the'],
      ['false', 'keynote'],
    ]);
    const live = element.querySelector('[aria-live="polite"]')!;
    expect(live.textContent!.trim()).toBe('welcome to the');
    expect(live.querySelector('[data-final="false"]')).toBeNull();
  });

  it('shows the recent finals of a talk joined midway and applies its settings', () => {
    show('t', readCaptionSettings('?size=72&fg=ffff00&bg=000080&lines=3&position=top&transparent=1&title=0&controls=0'));
    emit({ type: 'connection', state: 'open' }, { type: 'view', view: view('live', [caption(4, true, 'so far'), caption(5, true, 'so good')]) });
    expect(lines()).toEqual([
      ['true', 'so far'],
      ['true', 'so good'],
    ]);
    const screen = q('captions-screen')!;
    expect(screen.className.split(' ')).toEqual(['captions', 'captions-top', 'captions-transparent']);
    expect(screen.style.getPropertyValue('--captions-size')).toBe('72px');
    expect(screen.style.getPropertyValue('--captions-fg')).toBe('#ffff00');
    expect(screen.style.getPropertyValue('--captions-bg')).toBe('#000080');
    expect(screen.style.getPropertyValue('--captions-lines')).toBe('3');
    expect(element.querySelector('h1')).toBeNull();
    expect(q('captions-settings-open')).toBeNull();
    // the state is still there for screen readers
    expect(phase()).toBe('live');
  });

  it('says when it reconnects, and that the talk has ended (dropping a partial that never became final)', () => {
    show('t');
    emit({ type: 'connection', state: 'open' }, { type: 'view', view: view('live') }, { type: 'caption', caption: caption(0, true, 'thank you') }, { type: 'caption', caption: caption(1, false, 'questi') });
    expect(lines()).toHaveLength(2);
    emit({ type: 'connection', state: 'reconnecting', retryInMs: 1000 });
    expect(phase()).toBe('reconnecting');
    expect(q('captions-state')!.textContent).toBe('Connection lost. Reconnecting…');
    expect(lines()).toHaveLength(2);
    emit({ type: 'connection', state: 'open' }, { type: 'view', view: view('live', [caption(0, true, 'thank you')]) }, { type: 'ended' });
    expect(phase()).toBe('ended');
    expect(q('captions-state')!.textContent).toBe('The talk has ended.');
    expect(lines()).toEqual([['true', 'thank you']]);
  });

  it('says clearly when the link is revoked or does not exist, and stops following it on unmount', () => {
    show('t');
    emit({ type: 'gone', reason: 'not-found', message: NOT_FOUND_MESSAGE });
    expect(phase()).toBe('gone');
    expect(q('captions-error')!.textContent).toBe(NOT_FOUND_MESSAGE);
    expect(q('captions-error')!.getAttribute('role')).toBe('alert');
    act(() => root!.unmount());
    expect(disposed).toBe(1);

    show('t2');
    emit({ type: 'connection', state: 'open' }, { type: 'view', view: view('live', [caption(0, true, 'hello')]) }, { type: 'gone', reason: 'revoked', message: REVOKED_MESSAGE });
    expect(q('captions-error')!.textContent).toBe(REVOKED_MESSAGE);
    expect(lines()).toEqual([]);
  });

  it('opens the settings panel and reports changes', () => {
    const changes: CaptionSettings[] = [];
    show('t', DEFAULT_CAPTION_SETTINGS, (s) => changes.push(s));
    expect(q('captions-settings')).toBeNull();
    act(() => q('captions-settings-open')!.click());
    expect(q('captions-settings')).not.toBeNull();
    const select = q('captions-lines') as HTMLSelectElement;
    act(() => {
      select.value = '3';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => (q('captions-transparent') as HTMLInputElement).click());
    expect(changes).toEqual([
      { ...DEFAULT_CAPTION_SETTINGS, lines: 3 },
      { ...DEFAULT_CAPTION_SETTINGS, transparent: true },
    ]);
  });
});
