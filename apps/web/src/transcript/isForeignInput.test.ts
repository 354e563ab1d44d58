// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { colorForUser } from './colorForUser.ts';
import { isForeignInput } from './isForeignInput.ts';

describe('isForeignInput', () => {
  it('gives transcript keys to the editor and the page, not to other text fields or dialogs', () => {
    document.body.innerHTML = `
      <div data-slate-editor contenteditable="true"><p id="text">words</p><div contenteditable="false"><input id="speaker"></div></div>
      <input id="palette"><div role="dialog"><button id="ok">ok</button></div><div id="note" contenteditable="true"></div>`;
    const byId = (id: string) => document.getElementById(id);
    expect(isForeignInput(document.body)).toBe(false);
    expect(isForeignInput(null)).toBe(false);
    expect(isForeignInput(byId('text'))).toBe(false);
    expect(isForeignInput(byId('speaker'))).toBe(true);
    expect(isForeignInput(byId('palette'))).toBe(true);
    expect(isForeignInput(byId('ok'))).toBe(true);
  });
});

describe('colorForUser', () => {
  it('gives a user the same colour every time and different users different ones', () => {
    expect(colorForUser('u-1')).toBe(colorForUser('u-1'));
    expect(colorForUser('u-1')).not.toBe(colorForUser('u-2'));
    expect(colorForUser('u-1')).toMatch(/^hsl\(\d+ 70% 42%\)$/);
  });
});
