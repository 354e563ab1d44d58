import type { SqlDatabase } from '../../db/SqlDatabase.ts';
import { HttpError } from '../../http/HttpError.ts';
import type { ComparisonGate } from '../ComparisonGate.ts';
import { ModelComparisonStore } from './ModelComparisonStore.ts';

/**
 * The promotion gate of `POST /api/model-aliases/promote` with a `comparisonId` (`AppDeps.comparisonGate`): it lets
 * the promotion through when the comparison measured the candidate being promoted and the candidate's WER is at most
 * the current row's WER + `maxWerIncrease`; otherwise it answers the reason, with both figures (the registry then
 * refuses with 409 `promotion-refused`). A comparison that cannot gate anything is an error of the request instead:
 * unknown → 422 `comparison-not-found`; from another project than the one promoted in → 409
 * `comparison-wrong-project` (a deployment-wide promotion may be gated on any project's comparison); not succeeded
 * (queued, running, failed, cancelled) → 409 `comparison-not-ready`.
 *
 * @example
 * createApp({ ...context, comparisonGate: comparisonGateOf(context.db) });
 */
export function comparisonGateOf(db: SqlDatabase): ComparisonGate {
  const comparisons = new ModelComparisonStore(db);
  return ({ comparisonId, maxWerIncrease, projectId, candidate }) => {
    const comparison = comparisons.get(comparisonId);
    if (comparison === undefined) throw new HttpError(422, 'comparison-not-found', `There is no model comparison ${comparisonId}.`);
    if (projectId !== null && comparison.projectId !== projectId) {
      throw new HttpError(409, 'comparison-wrong-project', `Comparison ${comparison.id} was made in another project; gate this project's promotion on one of its own comparisons.`);
    }
    if (comparison.state !== 'succeeded') {
      throw new HttpError(409, 'comparison-not-ready', `Comparison ${comparison.id} is ${comparison.state}, not succeeded: a promotion can only be gated on a finished comparison.`);
    }
    const measured = comparison.candidate;
    if (measured.sha256 !== candidate.sha256) {
      return `Refused: comparison ${comparison.id} measured ${measured.id}@${measured.version}, not the candidate ${candidate.id}@${candidate.version}; compare the candidate first.`;
    }
    const current = comparison.rows.find((row) => row.role === 'current');
    const tried = comparison.rows.find((row) => row.role === 'candidate');
    if (current?.wer == null || tried?.wer == null) return `Refused: comparison ${comparison.id} has no word error rate to gate on (no reference words).`;
    // a hair of tolerance: the figures went through floating point in different orders
    if (tried.wer > current.wer + maxWerIncrease + 1e-12) {
      return (
        `Refused: on comparison ${comparison.id} (${comparison.transcripts} reviewed transcripts) the candidate ${candidate.id}@${candidate.version} ` +
        `has WER ${percent(tried.wer)} against ${percent(current.wer)} for the current transcripts, more than the allowed increase of ${points(maxWerIncrease)}.`
      );
    }
    return undefined;
  };
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function points(rate: number): string {
  return `${(rate * 100).toFixed(1)} points`;
}
