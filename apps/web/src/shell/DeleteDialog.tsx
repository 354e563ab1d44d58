import { useEffect, useState } from 'react';
import { Dialog } from './Dialog.tsx';
import { editorKey } from './LayoutModel.ts';
import { useShell } from './ShellContext.tsx';
import type { WorkbenchController } from './WorkbenchController.ts';

/** What an owner asked to delete. */
export type DeleteTarget =
  | { kind: 'project'; projectId: string }
  | { kind: 'media'; projectId: string; mediaId: string }
  | { kind: 'transcript'; projectId: string; transcriptId: string };

/** Shows the confirmation of each delete the controller is asked for (`controller.requestDelete`). */
export function DeleteDialogHost() {
  const controller = useShell();
  const [target, setTarget] = useState<DeleteTarget>();
  useEffect(() => {
    const subscription = controller.onDidRequestDelete(setTarget);
    return () => subscription.dispose();
  }, [controller]);
  if (!target) return null;
  return <DeleteDialog key={JSON.stringify(target)} target={target} onClose={() => setTarget(undefined)} />;
}

function DeleteDialog({ target, onClose }: { target: DeleteTarget; onClose: () => void }) {
  const controller = useShell();
  const { title, what, confirmLabel } = describeTarget(controller, target);
  return (
    <Dialog title={title} confirmLabel={confirmLabel} danger onConfirm={() => remove(controller, target)} onClose={onClose} testId="delete-dialog">
      <p>This cannot be undone. What goes:</p>
      <ul data-testid="delete-what">
        {what.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </Dialog>
  );
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describeTarget(controller: WorkbenchController, target: DeleteTarget): { title: string; what: string[]; confirmLabel: string } {
  const { projects } = controller;
  const project = projects.project(target.projectId);
  const contents = projects.contents(target.projectId);
  switch (target.kind) {
    case 'project': {
      const media = contents?.media.length;
      const transcripts = contents?.transcripts.length;
      return {
        title: `Delete the project ${project?.name ?? ''}?`,
        confirmLabel: 'Delete Project',
        what: [
          media === undefined ? 'every recording, with its audio and waveform files' : `${plural(media, 'recording')}, with their audio and waveform files`,
          transcripts === undefined ? 'every transcript, with every edit and review on it' : `${plural(transcripts, 'transcript')}, with every edit and review on them`,
          'its transcription jobs, vocabulary and plugin choices',
          'every member\'s access to it',
        ],
      };
    }
    case 'media': {
      const media = contents?.media.find((m) => m.id === target.mediaId);
      const transcripts = contents?.transcripts.filter((t) => t.mediaId === target.mediaId).length ?? 0;
      return {
        title: `Delete the recording ${media?.name ?? ''}?`,
        confirmLabel: 'Delete Recording',
        what: [
          'its audio file and waveform peaks (unless another project has the same file)',
          transcripts === 0 ? 'no transcripts (it has none)' : `${plural(transcripts, 'transcript')} made from it, with every edit and review`,
          'its transcription, if one is queued or running',
        ],
      };
    }
    case 'transcript': {
      const found = projects.findTranscript(target.transcriptId);
      const made = found ? `${found.transcript.model.id} ${found.transcript.model.version}, ${new Date(found.transcript.createdAt).toLocaleString()}` : '';
      return {
        title: `Delete this transcript of ${found?.media?.name ?? 'the recording'}?`,
        confirmLabel: 'Delete Transcript',
        what: [
          `the transcript${made ? ` (${made})` : ''}: its text, every edit and review on it`,
          'not the recording, nor its other transcripts',
        ],
      };
    }
  }
}

async function remove(controller: WorkbenchController, target: DeleteTarget): Promise<void> {
  const { projects, layout, notifications } = controller;
  let transcripts: string[];
  let name: string;
  switch (target.kind) {
    case 'project':
      name = projects.project(target.projectId)?.name ?? 'The project';
      transcripts = await projects.deleteProject(target.projectId);
      layout.closeEditor(editorKey({ kind: 'members', projectId: target.projectId }));
      break;
    case 'media':
      name = projects.contents(target.projectId)?.media.find((m) => m.id === target.mediaId)?.name ?? 'The recording';
      transcripts = await projects.deleteMedia(target.projectId, target.mediaId);
      break;
    case 'transcript':
      name = `The transcript of ${projects.titleOf(target.transcriptId)}`;
      await projects.deleteTranscript(target.projectId, target.transcriptId);
      transcripts = [target.transcriptId];
      break;
  }
  for (const id of transcripts) layout.closeEditor(editorKey({ kind: 'transcript', transcriptId: id }));
  notifications.notify('info', `${name} was deleted.`);
}
