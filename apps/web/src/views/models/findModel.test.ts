import type { InstalledModelJson } from '@verbatim/core/api';
import { describe, expect, it } from 'vitest';
import { findModel } from './findModel.ts';

const model = (id: string, version: string, sha256: string, modelSha256: string, calibrated = true): InstalledModelJson => ({
  id,
  version,
  sha256,
  modelSha256,
  ref: `${id}@${version}`,
  layout: 'verbatim',
  source: '/x',
  installedAt: 0,
  installedBy: null,
  sizeBytes: 1,
  language: 'en',
  calibrated,
  hasLm: false,
  card: null,
  eval: null,
  lineage: { parent: null, manifestSha256: null, trainingSeconds: null, steps: null },
  aliases: [],
  inUse: false,
});

describe('findModel', () => {
  const models = [model('a', '1', 'p1', 'o1'), model('b', '2', 'p2', 'o2', false)];

  it('finds by id and version first', () => {
    expect(findModel(models, { id: 'b', version: '2', sha256: 'zzz' })?.calibrated).toBe(false);
  });

  it('finds by the package hash or the ONNX hash of a transcript from before the store', () => {
    expect(findModel(models, { id: 'renamed', version: '9', sha256: 'p1' })?.ref).toBe('a@1');
    expect(findModel(models, { id: 'renamed', version: '9', sha256: 'o2' })?.ref).toBe('b@2');
  });

  it('is undefined for an unknown model or before the list is loaded', () => {
    expect(findModel(models, { id: 'c', version: '1', sha256: 'q' })).toBeUndefined();
    expect(findModel(undefined, { id: 'a', version: '1', sha256: 'p1' })).toBeUndefined();
    expect(findModel(models, null)).toBeUndefined();
  });
});
