import type { ModelQualityJson, RecalibrationJson } from '@verbatim/core/api';
import { useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { didChangeQuality } from './qualityChanges.ts';

/**
 * A model version's confidence calibration: the revision new jobs apply (fitted on how many verified words, the
 * held-out ECE before and after), and for administrators the actions `POST /api/quality/recalibrations` (refit on the
 * version's verified words) and `DELETE /api/quality/recalibrations/:id` (take it back: new jobs apply the one
 * before, or none). Transcripts already made keep their confidences.
 */
export function Recalibration({ model }: { model: ModelQualityJson }) {
  const { api, notify, user } = useWorkbench();
  const [busy, setBusy] = useState(false);
  const calibration = model.calibration;
  const act = (run: () => Promise<string>) => {
    setBusy(true);
    run().then(
      (message) => {
        notify('info', message);
        setBusy(false);
        didChangeQuality(api);
      },
      (error: unknown) => {
        notify('error', error instanceof Error ? error.message : String(error));
        setBusy(false);
      },
    );
  };
  const refit = () =>
    act(async () => {
      const revision = await api.post<RecalibrationJson>('/api/quality/recalibrations', { modelId: model.modelId, modelVersion: model.modelVersion });
      return `Recalibrated ${model.modelId} ${model.modelVersion} on ${revision.fittedWords} verified words: held-out ECE ${revision.eceBefore.toFixed(3)} → ${revision.eceAfter.toFixed(3)}. New jobs apply it.`;
    });
  const takeBack = (revision: RecalibrationJson) =>
    act(async () => {
      await api.delete(`/api/quality/recalibrations/${revision.id}`);
      return `Took back the calibration of ${model.modelId} ${model.modelVersion}: new jobs apply the one before it, or none.`;
    });
  if (!calibration && !user.isAdmin) return null;
  return (
    <p className="quality-dim" data-testid="quality-calibration">
      {calibration
        ? `Recalibrated (${calibration.method}) on ${calibration.fittedWords} verified words: held-out ECE ${calibration.eceBefore.toFixed(3)} → ${calibration.eceAfter.toFixed(3)}; new jobs apply it. `
        : 'Confidences as the model gives them. '}
      {user.isAdmin ? (
        calibration ? (
          <button type="button" className="link-button" data-testid="quality-take-back-calibration" disabled={busy} onClick={() => takeBack(calibration)}>
            Take back
          </button>
        ) : (
          <button type="button" className="link-button" data-testid="quality-recalibrate" disabled={busy || !model.field.enough} onClick={refit} title="Refit the confidence calibration on this version's verified words (a fifth held out to check it)">
            Recalibrate on the verified words
          </button>
        )
      ) : null}
    </p>
  );
}
