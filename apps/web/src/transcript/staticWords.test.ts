// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { buildTurn } from '../editor/buildTurn.ts';
import type { TurnElement } from '../editor/transcriptTypes.ts';
import { pointAtTextOffset, staticWordRange, staticWordsHtml } from './staticWords.ts';

const turn = buildTurn('Anna', [
  ['five', 1, 1.3, 0.9, 'asr'],
  ['a&b', 1.4, 1.6, 0.5, 'plugin:medical'],
  ['"daily"', 1.7, 2, 0.3],
]) as TurnElement;

describe('static words', () => {
  it('writes a word drawn differently (flagged, changed) as a span with its attributes, other words and separators as text, escaping the text', () => {
    const html = staticWordsHtml(turn, { threshold: 0.6, tooltip: (origin, text) => `${origin} changed <${text}>` });
    const div = document.createElement('div');
    div.innerHTML = html;
    expect(div.textContent).toBe('five a&b "daily"');
    const spans = [...div.querySelectorAll('span')];
    expect(spans.map((s) => s.textContent)).toEqual(['a&b', '"daily"']);
    expect(spans[0]!.getAttribute('title')).toBe('Flagged for review · Confidence 50% · plugin:medical changed <a&b>');
    expect(spans[0]!.dataset).toMatchObject({ word: '', start: '1.4', end: '1.6', conf: '0.5', flagged: 'true', origin: 'plugin' });
    expect(spans[1]!.dataset).toMatchObject({ start: '1.7', end: '2', flagged: 'true', level: '3' });
    // one text node for the plain word and the separator after it
    expect(div.childNodes[0]!.nodeValue).toBe('five ');
  });

  it('finds the range of a word in static text, span or not', () => {
    const div = document.createElement('div');
    div.innerHTML = staticWordsHtml(turn, { threshold: 0.6, tooltip: () => '' });
    document.body.append(div);
    // leaves: five | ' ' | a&b | ' ' | "daily"
    expect(staticWordRange(div, 0, 4)!.toString()).toBe('five');
    expect(staticWordRange(div, 5, 8)!.toString()).toBe('a&b');
    expect(staticWordRange(div, 9, 16)!.toString()).toBe('"daily"');
    expect(staticWordRange(div, 3, 7)!.toString()).toBe('e a&');
    expect(staticWordRange(div, 9, 17)).toBeUndefined();
    div.remove();
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
