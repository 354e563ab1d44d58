import { describe, expect, it } from 'vitest';
import { lmModeFor } from './lmModeFor.ts';

describe('lmModeFor', () => {
  it('keeps the choice for a model with a language model, or an unknown one', () => {
    expect(lmModeFor({ hasLm: true }, 'adapted')).toBe('adapted');
    expect(lmModeFor(undefined, 'base')).toBe('base');
  });

  it('is off for a model without one', () => {
    expect(lmModeFor({ hasLm: false }, 'adapted')).toBe('off');
    expect(lmModeFor({ hasLm: false }, 'off')).toBe('off');
  });
});
