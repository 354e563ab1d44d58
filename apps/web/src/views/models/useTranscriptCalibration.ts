import type { ModelIdentityJson } from '@verbatim/core/api';
import { useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { useModels } from './useModels.ts';

/**
 * For a project-wide list of words (the Review view): whether the model that made each transcript is calibrated,
 * by transcript id (undefined when not known), from the project's transcripts, read again when `version` changes.
 */
export function useTranscriptCalibration(projectId: string, version: unknown): (transcriptId: string) => boolean | undefined {
  const { api } = useWorkbench();
  const service = useModels();
  const [models, setModels] = useState<ReadonlyMap<string, ModelIdentityJson>>(new Map());
  useEffect(() => {
    const abort = new AbortController();
    api.get<{ transcripts: { id: string; model: ModelIdentityJson }[] }>(`/api/projects/${encodeURIComponent(projectId)}/transcripts`, abort.signal).then(
      (answer) => setModels(new Map(answer.transcripts.map((t) => [t.id, t.model]))),
      () => {},
    );
    return () => abort.abort();
  }, [api, projectId, version]);
  return (transcriptId) => service.calibrationOf(models.get(transcriptId));
}
