import type { LmModeJson, ModelIdentityJson, RetranscribeBody } from '@verbatim/core/api';
import { useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import type { JobJson } from '../../shell/ApiJson.ts';
import { Dialog } from '../../shell/Dialog.tsx';
import { useShell } from '../../shell/ShellContext.tsx';
import { lmModeFor } from './lmModeFor.ts';
import { modelLabel } from './modelFormat.ts';
import { useModels, useProjectDefaultModel } from './useModels.ts';

const MODES: readonly { mode: LmModeJson; label: string }[] = [
  { mode: 'adapted', label: "Adapted language model (the model's own, adapted to the project's vocabulary)" },
  { mode: 'base', label: 'Base language model (as shipped)' },
  { mode: 'off', label: 'No language model (the acoustic model alone)' },
];

/**
 * "Transcript: Re-transcribe with…": asks for the model and the language model mode and queues
 * `POST /api/transcripts/:id/retranscribe`. The transcript's present text is kept as a revision first, and words a
 * person edited or reviewed are carried into the new text.
 */
export function RetranscribeDialog({ transcriptId, onClose }: { transcriptId: string; onClose: () => void }) {
  const { api, notify } = useWorkbench();
  const { jobs, projects } = useShell();
  const service = useModels();
  const [model, setModel] = useState('');
  const [lm, setLm] = useState<LmModeJson>('adapted');
  const made = projects.findTranscript(transcriptId)?.transcript.model;
  // a model without a word language model transcribes with none (the project's default model too)
  const fallback = useProjectDefaultModel(projects.findTranscript(transcriptId)?.transcript.projectId);
  const noLm = (model === '' ? fallback : service.models?.find((m) => m.ref === model))?.hasLm === false;
  const mode = lmModeFor(noLm ? { hasLm: false } : undefined, lm);

  const queue = async () => {
    const body: RetranscribeBody = { ...(model && { model }), lm: mode };
    const job = await api.post<JobJson>(`/api/transcripts/${encodeURIComponent(transcriptId)}/retranscribe`, body);
    const watch = jobs.watch(job);
    const sub = jobs.onDidChangeJob((changed) => {
      if (changed.id !== job.id || (changed.state !== 'succeeded' && changed.state !== 'failed' && changed.state !== 'cancelled')) return;
      sub.dispose();
      watch.dispose();
      if (changed.state === 'succeeded') {
        const made = (changed.result as { model?: ModelIdentityJson } | null | undefined)?.model;
        if (made) service.didRetranscribe(transcriptId, made);
        const projectId = projects.findTranscript(transcriptId)?.transcript.projectId;
        if (projectId) void projects.loadContents(projectId).catch(() => {});
        notify('info', `Re-transcribed${made ? ` with ${modelLabel(made)}` : ''}; the previous text is kept under Revisions.`);
      }
      else notify('error', `Re-transcribing ${changed.state === 'failed' ? `failed: ${changed.error ?? 'no reason given'}` : 'was cancelled'}.`);
    });
    notify('info', `Re-transcribing with ${model || "the project's default model"}…`);
  };

  return (
    <Dialog title="Re-transcribe with…" confirmLabel="Re-transcribe" onConfirm={queue} onClose={onClose} testId="retranscribe-dialog">
      {made && <p>Made by {modelLabel(made)}.</p>}
      <label className="model-dialog-field">
        Model
        <select data-testid="retranscribe-model" autoFocus value={model} onChange={(e) => setModel(e.target.value)}>
          <option value="">The project's default{fallback ? ` (${fallback.ref})` : ''}</option>
          {service.models?.map((m) => (
            <option key={m.ref} value={m.ref}>
              {m.ref}
              {m.calibrated ? '' : ' (uncalibrated)'}
              {m.aliases.length ? ` · ${m.aliases.join(', ')}` : ''}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Word language model</legend>
        {MODES.map(({ mode: option, label }) => (
          <label key={option} className="choice">
            <input type="radio" name="retranscribe-lm" value={option} data-testid="retranscribe-lm" checked={mode === option} disabled={noLm && option !== 'off'} onChange={() => setLm(option)} />
            <span>{label}</span>
          </label>
        ))}
        {noLm && <p className="dim">This model has no word language model of its own: it transcribes without one.</p>}
      </fieldset>
      <p className="dim">The present text is kept as a revision; words people edited or reviewed are carried into the new text by their timing.</p>
    </Dialog>
  );
}
