import { useState } from 'react';
import type { JobJson, MediaJson, TranscriptJson } from '../../shell/ApiJson.ts';
import { Dialog } from '../../shell/Dialog.tsx';
import { useShell } from '../../shell/ShellContext.tsx';
import { lmModeFor } from '../models/lmModeFor.ts';
import { useModels, useProjectDefaultModel } from '../models/useModels.ts';
import '../models/models.css';

/** The word language model a transcription uses (`lm` of POST /api/projects/:id/jobs). */
export type LmMode = 'adapted' | 'base' | 'off';

const MODES: readonly { mode: LmMode; label: string; detail: string }[] = [
  { mode: 'adapted', label: 'Adapted language model', detail: "the model's language model, adapted to this project's vocabulary and its plugins' text (the default)" },
  { mode: 'base', label: 'Base language model', detail: "the model's language model as shipped" },
  { mode: 'off', label: 'No language model', detail: 'the acoustic model alone (fastest, usually less accurate)' },
];

/**
 * Asks how to transcribe a recording (first time or again) and queues the job. Transcribing again never touches an
 * existing transcript: the new one appears beside it, and every edit and review of the old one stays.
 */
export function TranscribeDialog({ media, transcripts, onClose }: { media: MediaJson; transcripts: readonly TranscriptJson[]; onClose: () => void }) {
  const { services, projects } = useShell();
  const [lm, setLm] = useState<LmMode>('adapted');
  const installed = useModels().models;
  const [chosen, setChosen] = useState('');
  // a model without a word language model transcribes with none (the project's default model too)
  const fallback = useProjectDefaultModel(media.projectId);
  const noLm = (chosen === '' ? fallback : installed?.find((m) => m.ref === chosen))?.hasLm === false;
  const mode = lmModeFor(noLm ? { hasLm: false } : undefined, lm);
  const again = transcripts.length > 0;
  const model = transcripts.at(-1)?.model;

  const queue = async () => {
    const job = await services.api.post<JobJson>(`/api/projects/${media.projectId}/jobs`, { mediaId: media.id, lm: mode, ...(chosen && { model: chosen }) });
    projects.trackJob(job);
  };

  return (
    <Dialog title={`${again ? 'Transcribe again' : 'Transcribe'}: ${media.name}`} confirmLabel={again ? 'Transcribe Again' : 'Transcribe'} onConfirm={queue} onClose={onClose} testId="transcribe-dialog">
      <label className="model-dialog-field">
        Model
        <select data-testid="transcribe-model" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">The project's default{fallback ? ` (${fallback.ref})` : ''}</option>
          {installed?.map((m) => (
            <option key={m.ref} value={m.ref}>
              {m.ref}
              {m.calibrated ? '' : ' (uncalibrated)'}
            </option>
          ))}
        </select>
      </label>
      {model && <p className="dim">The last transcript was made by {model.id}@{model.version}.</p>}
      <fieldset>
        <legend>Word language model</legend>
        {MODES.map(({ mode: option, label, detail }) => (
          <label key={option} className="choice">
            <input type="radio" name="lm" value={option} data-testid="transcribe-lm" checked={mode === option} disabled={noLm && option !== 'off'} onChange={() => setLm(option)} />
            <span>
              {label}
              <br />
              <span className="dim">{detail}</span>
            </span>
          </label>
        ))}
        {noLm && <p className="dim">This model has no word language model of its own: it transcribes without one.</p>}
      </fieldset>
      {again && (
        <p data-testid="transcribe-keeps">
          A new transcript is made beside the existing {transcripts.length === 1 ? 'one' : transcripts.length}. {transcripts.length === 1 ? 'It stays' : 'They stay'} exactly as{' '}
          {transcripts.length === 1 ? 'it is' : 'they are'}, with every edit and review; delete {transcripts.length === 1 ? 'it' : 'them'} yourself once you no longer need{' '}
          {transcripts.length === 1 ? 'it' : 'them'}.
        </p>
      )}
    </Dialog>
  );
}
