import { describe, expect, it } from 'vitest';
import { chordOf, normalizeChord } from './keys.ts';

describe('normalizeChord', () => {
  it('orders modifiers Ctrl, Alt, Shift and capitalises the key', () => {
    expect(normalizeChord('shift+ctrl+p')).toBe('Ctrl+Shift+P');
    expect(normalizeChord('alt+shift+ctrl+x')).toBe('Ctrl+Alt+Shift+X');
    expect(normalizeChord('shift+f8')).toBe('Shift+F8');
  });

  it('reads Cmd, Meta and Mod as Ctrl, and Esc as Escape', () => {
    expect(normalizeChord('cmd+j')).toBe('Ctrl+J');
    expect(normalizeChord('Meta+Shift+P')).toBe('Ctrl+Shift+P');
    expect(normalizeChord('mod+1')).toBe('Ctrl+1');
    expect(normalizeChord('esc')).toBe('Escape');
  });

  it('refuses text that is not one chord', () => {
    expect(normalizeChord('')).toBeUndefined();
    expect(normalizeChord('ctrl+shift')).toBeUndefined();
    expect(normalizeChord('a+b')).toBeUndefined();
  });
});

describe('chordOf', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it('names a key event as normalizeChord names the same binding', () => {
    expect(chordOf(key('P', { ctrlKey: true, shiftKey: true }))).toBe(normalizeChord('Ctrl+Shift+P'));
    expect(chordOf(key('F8', { shiftKey: true }))).toBe(normalizeChord('Shift+F8'));
    expect(chordOf(key('j', { metaKey: true }))).toBe(normalizeChord('Ctrl+J'));
    expect(chordOf(key('Escape'))).toBe('Escape');
    expect(chordOf(key(' '))).toBe('Space');
  });

  it('ignores a bare modifier press', () => {
    expect(chordOf(key('Shift', { shiftKey: true }))).toBeUndefined();
    expect(chordOf(key('Control', { ctrlKey: true }))).toBeUndefined();
  });
});
