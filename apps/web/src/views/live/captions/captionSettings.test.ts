import { describe, expect, it } from 'vitest';
import { CAPTION_LIMITS, DEFAULT_CAPTION_SETTINGS, readCaptionSettings, writeCaptionSettings } from './captionSettings.ts';

describe('caption settings in the URL', () => {
  it('reads every setting, colours with or without #', () => {
    expect(readCaptionSettings('?size=64&fg=ffff00&bg=%23112233&lines=3&position=top&transparent=1&title=0&controls=0')).toEqual({
      fontSize: 64,
      color: '#ffff00',
      background: '#112233',
      lines: 3,
      position: 'top',
      transparent: true,
      showTitle: false,
      controls: false,
    });
  });

  it('keeps the defaults for missing or malformed values and clamps numbers', () => {
    expect(readCaptionSettings('')).toEqual(DEFAULT_CAPTION_SETTINGS);
    const odd = readCaptionSettings('?size=huge&fg=red;x:y&bg=zzz&lines=-2&position=left&transparent=maybe');
    expect(odd).toEqual(DEFAULT_CAPTION_SETTINGS);
    expect(readCaptionSettings('?size=5000&lines=99')).toMatchObject({ fontSize: CAPTION_LIMITS.fontSize.max, lines: CAPTION_LIMITS.lines.max });
    expect(readCaptionSettings('?size=1&lines=0')).toMatchObject({ fontSize: CAPTION_LIMITS.fontSize.min, lines: CAPTION_LIMITS.lines.min });
  });

  it('writes only what differs from the defaults and reads back the same settings', () => {
    expect(writeCaptionSettings(DEFAULT_CAPTION_SETTINGS)).toBe('');
    const settings = { ...DEFAULT_CAPTION_SETTINGS, fontSize: 80, color: '#FFFF00', lines: 3, transparent: true, controls: false };
    const query = writeCaptionSettings(settings);
    expect(query).toBe('size=80&fg=ffff00&lines=3&transparent=1&controls=0');
    expect(readCaptionSettings(query)).toEqual({ ...settings, color: '#ffff00' });
  });

  it('keeps the other parameters of the URL and drops a setting put back to its default', () => {
    const query = writeCaptionSettings({ ...DEFAULT_CAPTION_SETTINGS, lines: 2 }, '?lines=3&utm=x');
    expect(new URLSearchParams(query).get('utm')).toBe('x');
    expect(new URLSearchParams(query).has('lines')).toBe(false);
  });
});
