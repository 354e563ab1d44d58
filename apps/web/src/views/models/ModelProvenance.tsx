import type { ModelIdentityJson } from '@verbatim/core/api';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { modelLabel } from './modelFormat.ts';
import { ModelsService } from './ModelsService.ts';
import { useModels, useTranscriptModel } from './useModels.ts';
import './models.css';

/**
 * Which model made a transcript, in its editor's toolbar: `id@version`, "uncalibrated" when its confidence is only a
 * score. A click offers "Re-transcribe with…".
 */
export function ModelProvenance({ transcriptId, model: recorded }: { transcriptId: string; model: ModelIdentityJson }) {
  const { api } = useWorkbench();
  const service = useModels();
  const model = useTranscriptModel(transcriptId, recorded) ?? recorded;
  const calibrated = service.calibrationOf(model);
  return (
    <button
      type="button"
      className="vb-transcript-model"
      data-testid="transcript-model"
      data-model-ref={modelLabel(model)}
      data-calibrated={calibrated === undefined ? undefined : String(calibrated)}
      title={`Made by ${modelLabel(model)} (package ${model.sha256.slice(0, 12)}…)${calibrated === false ? '; its confidence is a raw score, not a probability' : ''}. Click to re-transcribe with another model.`}
      onClick={() => ModelsService.for(api).requestDialog({ kind: 'retranscribe', transcriptId })}
    >
      <span className="vb-transcript-model-name">{modelLabel(model)}</span>
      {calibrated === false && <span className="badge model-uncalibrated">uncalibrated</span>}
    </button>
  );
}
