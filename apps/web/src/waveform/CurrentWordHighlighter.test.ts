// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildTurn } from '../editor/buildTurn.ts';
import { CurrentWordHighlighter, PLAYING_CLASS } from './CurrentWordHighlighter.ts';
import { WordTimeIndex } from './WordTimeIndex.ts';

describe('CurrentWordHighlighter', () => {
  it('moves one CSS class to the span of the word being played, through the DOM only', () => {
    const index = WordTimeIndex.fromChildren([buildTurn('A', [['one', 0, 0.5], ['two', 0.6, 1], ['three', 1.2, 2]])]);
    const spans = new Map<string, HTMLElement>();
    for (const text of ['one', 'two', 'three']) {
      const span = document.createElement('span');
      span.textContent = text;
      document.body.append(span);
      spans.set(text, span);
    }
    const changes: string[] = [];
    const highlighter = new CurrentWordHighlighter(
      () => index,
      (word) => spans.get(word.leaf.text),
      (word) => changes.push(word?.leaf.text ?? '-'),
    );
    const lit = () => [...document.querySelectorAll(`.${PLAYING_CLASS}`)].map((e) => e.textContent);
    highlighter.update(0.1);
    expect(lit()).toEqual(['one']);
    highlighter.update(0.3);
    highlighter.update(0.55);
    expect(lit()).toEqual(['one']);
    highlighter.update(1.5);
    expect(lit()).toEqual(['three']);
    highlighter.update(-1);
    expect(lit()).toEqual([]);
    expect(changes).toEqual(['one', 'three', '-']);
    highlighter.update(0.7);
    highlighter.dispose();
    expect(lit()).toEqual([]);
  });
});
