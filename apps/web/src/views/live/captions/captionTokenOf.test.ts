import { describe, expect, it } from 'vitest';
import { captionTokenOf } from './captionTokenOf.ts';

describe('captionTokenOf', () => {
  it('reads the token of a caption screen path only', () => {
    expect(captionTokenOf('/captions/abc_123-X')).toBe('abc_123-X');
    expect(captionTokenOf('/captions/abc/')).toBe('abc');
    expect(captionTokenOf('/captions/a%20b')).toBe('a b');
    expect(captionTokenOf('/captions/')).toBeUndefined();
    expect(captionTokenOf('/captions/a/b')).toBeUndefined();
    expect(captionTokenOf('/')).toBeUndefined();
    expect(captionTokenOf('/projects/captions/abc')).toBeUndefined();
    expect(captionTokenOf('/captions/%E0%A4%A')).toBeUndefined();
  });
});
