import { useEffect, useState } from 'react';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { roleAtLeast } from '../../shell/roleAtLeast.ts';
import { useShell } from '../../shell/ShellContext.tsx';
import { type ModelDialogRequest, ModelsService } from './ModelsService.ts';
import { RetranscribeDialog } from './RetranscribeDialog.tsx';
import { RevisionsDialog } from './RevisionsDialog.tsx';

/** Shows the model dialog a command asked for (`ModelsService.requestDialog`): re-transcribe with…, revisions. */
export function ModelDialogHost() {
  const { api } = useWorkbench();
  const { projects } = useShell();
  const [request, setRequest] = useState<ModelDialogRequest>();
  useEffect(() => {
    const sub = ModelsService.for(api).onDidRequestDialog(setRequest);
    return () => sub.dispose();
  }, [api]);
  if (!request) return null;
  const close = () => setRequest(undefined);
  const key = `${request.kind}:${request.transcriptId}`;
  if (request.kind === 'retranscribe') return <RetranscribeDialog key={key} transcriptId={request.transcriptId} onClose={close} />;
  const projectId = projects.findTranscript(request.transcriptId)?.transcript.projectId;
  return <RevisionsDialog key={key} transcriptId={request.transcriptId} canRestore={roleAtLeast(projects.project(projectId)?.role, 'editor')} onClose={close} />;
}
