import { createHash } from 'node:crypto';
import type { TrainingSplitJson } from '@verbatim/core/api';

/** The split rule, in words (export.json states it). */
export const SPLIT_RULE =
  'sha256 of "<projectId>:<mediaId>" (UTF-8); its first 4 bytes as a big-endian unsigned integer / 2^32 = u; u < 0.8: train, u < 0.9: dev, else test. A recording keeps its side as the project grows.';

/** The shares of the split (export.json states them). */
export const SPLIT_SHARES = { train: 0.8, dev: 0.1, test: 0.1 } as const;

/**
 * Which side of the training split a recording is on: a stable hash of the project and the recording (never of a
 * segment), so no recording is on two sides and adding recordings never moves one (see {@link SPLIT_RULE}).
 *
 * @example
 * splitOf(projectId, mediaId); // 'train' for about 80% of recordings
 */
export function splitOf(projectId: string, mediaId: string): TrainingSplitJson {
  const u = createHash('sha256').update(`${projectId}:${mediaId}`, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
  if (u < SPLIT_SHARES.train) return 'train';
  if (u < SPLIT_SHARES.train + SPLIT_SHARES.dev) return 'dev';
  return 'test';
}
