// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildTurn } from '../editor/buildTurn.ts';
import type { TurnElement } from '../editor/transcriptTypes.ts';
import { pointAtTextOffset, staticWordsHtml } from './staticWords.ts';

const turn = buildTurn('Anna', [
  ['five', 1, 1.3, 0.9, 'asr'],
  ['a&b', 1.4, 1.6, 0.5, 'plugin:medical'],
  ['"daily"', 1.7, 2, 0.3],
]) as TurnElement;

describe('static words', () => {
  it('writes each word as a span with its attributes and separators as text, escaping the text', () => {
    const html = staticWordsHtml(turn, { threshold: 0.6, tooltip: (origin, text) => `${origin} changed <${text}>` });
    const div = document.createElement('div');
    div.innerHTML = html;
    expect(div.textContent).toBe('five a&b "daily"');
    const spans = [...div.querySelectorAll('span')];
    expect(spans.map((s) => s.textContent)).toEqual(['five', 'a&b', '"daily"']);
    expect(spans[1]!.getAttribute('title')).toBe('Flagged for review · Confidence 50% · plugin:medical changed <a&b>');
    expect(spans[1]!.dataset).toMatchObject({ word: '', start: '1.4', end: '1.6', conf: '0.5', flagged: 'true', origin: 'plugin' });
    expect(spans[0]!.dataset.flagged).toBeUndefined();
  });

  it('maps a character offset of the paragraph text to the leaf and offset holding it', () => {
    // leaves: five | ' ' | a&b | ' ' | "daily"
    expect(pointAtTextOffset(turn, 4, 0)).toEqual({ path: [4, 0], offset: 0 });
    expect(pointAtTextOffset(turn, 4, 2)).toEqual({ path: [4, 0], offset: 2 });
    // where two leaves meet: the earlier one
    expect(pointAtTextOffset(turn, 4, 4)).toEqual({ path: [4, 0], offset: 4 });
    expect(pointAtTextOffset(turn, 4, 6)).toEqual({ path: [4, 2], offset: 1 });
    expect(pointAtTextOffset(turn, 4, 10)).toEqual({ path: [4, 4], offset: 1 });
    // past the end: the end
    expect(pointAtTextOffset(turn, 4, 99)).toEqual({ path: [4, 4], offset: 7 });
  });
});
