import { describe, expect, it } from 'vitest';
import { speakerChanges } from './speakerChanges.ts';

describe('speakerChanges', () => {
  it('names a speaker at each change only', () => {
    expect(speakerChanges(['Ana', 'Ana', 'Ben', 'Ana', 'Ana'])).toEqual(['Ana', undefined, 'Ben', 'Ana', undefined]);
  });

  it('treats a missing or blank speaker as no one, and the next named one as a change', () => {
    expect(speakerChanges(['Ana', undefined, 'Ana', '  ', ' Ana\t'])).toEqual(['Ana', undefined, 'Ana', undefined, 'Ana']);
  });

  it('collapses whitespace inside names before comparing', () => {
    expect(speakerChanges(['Dr  Ng', 'Dr Ng'])).toEqual(['Dr Ng', undefined]);
  });
});
