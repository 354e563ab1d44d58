import type { InstalledModel } from './InstalledModel.ts';
import type { ModelIdentity } from './ModelRegistry.ts';

/**
 * Checks a promotion against a stored comparison (`POST /api/model-aliases/promote` with `comparisonId`): the reason
 * to refuse it (the message shows the figures), or undefined to let it through. Supplied by the comparisons module.
 */
export type ComparisonGate = (input: {
  readonly comparisonId: string;
  /** Allowed absolute WER increase of the candidate over the current model (0: it must not be worse). */
  readonly maxWerIncrease: number;
  /** The project promoted within, or null for the deployment. */
  readonly projectId: string | null;
  readonly current: ModelIdentity | null;
  readonly candidate: InstalledModel;
}) => string | undefined | Promise<string | undefined>;
