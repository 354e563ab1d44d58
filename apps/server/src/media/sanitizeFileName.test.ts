import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_CHARS, sanitizeFileName } from './sanitizeFileName.ts';

describe('sanitizeFileName', () => {
  it('keeps the last path segment only', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\me\\talk.wav')).toBe('talk.wav');
    expect(sanitizeFileName('a/b/')).toBe('upload');
  });

  it('drops control and bidi characters, leading dots and surrounding spaces', () => {
    expect(sanitizeFileName('  .hidden.wav ')).toBe('hidden.wav');
    expect(sanitizeFileName('evil\u202Evaw.exe')).toBe('evilvaw.exe');
    expect(sanitizeFileName('line\nbreak\u0000.wav')).toBe('linebreak.wav');
    expect(sanitizeFileName('..', 'file 1')).toBe('file 1');
    expect(sanitizeFileName(undefined)).toBe('upload');
  });

  it('cuts long names to 255 characters keeping the extension', () => {
    const name = sanitizeFileName(`${'é'.repeat(10_000)}.flac`);
    expect([...name]).toHaveLength(MAX_FILE_NAME_CHARS);
    expect(name.endsWith('….flac')).toBe(true);
    expect([...sanitizeFileName('😀'.repeat(300))]).toHaveLength(MAX_FILE_NAME_CHARS);
  });
});
