import type { SpeakerAttributesBody } from '@verbatim/core/api';
import { useEffect, useState } from 'react';
import { useWorkbench } from '../../../platform/WorkbenchContext.tsx';
import { Dialog } from '../../../shell/Dialog.tsx';
import { type AttributeRow, attributesToRows, rowsToAttributes } from './attributeRows.ts';
import { AttributesEditor } from './AttributesEditor.tsx';

/**
 * A speaker's slice attributes in a project (`GET`/`PUT /api/projects/:id/speaker-attributes`, by the label the turns
 * carry): owners edit them, everyone else reads them. Only this speaker's set is sent; the others keep theirs.
 */
export default function SpeakerAttributesDialog({ projectId, speaker, canEdit, onClose }: { projectId: string; speaker: string; canEdit: boolean; onClose: () => void }) {
  const { api, notify } = useWorkbench();
  const [rows, setRows] = useState<AttributeRow[]>();
  const [loadError, setLoadError] = useState<string>();
  const path = `/api/projects/${encodeURIComponent(projectId)}/speaker-attributes`;
  useEffect(() => {
    const abort = new AbortController();
    api.get<SpeakerAttributesBody>(path, abort.signal).then(
      (answer) => {
        const loaded = attributesToRows(answer.speakers[speaker] ?? {});
        setRows(loaded.length > 0 || !canEdit ? loaded : [{ key: '', value: '' }]);
      },
      (err: unknown) => !abort.signal.aborted && setLoadError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [api, path, speaker, canEdit]);
  const { attributes, problems } = rowsToAttributes(rows ?? []);
  const save = async () => {
    if (problems.length > 0) throw new Error('Fix the attributes listed first.');
    await api.put<SpeakerAttributesBody>(path, { speakers: { [speaker]: attributes } });
    notify('info', `Saved the attributes of speaker ${speaker}.`);
  };
  return (
    <Dialog title={`Speaker attributes: ${speaker}`} {...(canEdit && rows ? { confirmLabel: 'Save', onConfirm: save } : {})} onClose={onClose} testId="speaker-attributes-dialog">
      {loadError ? <p className="form-error">{loadError}</p> : null}
      {!rows && !loadError ? <p className="empty">Loading…</p> : null}
      {rows ? <AttributesEditor rows={rows} onChange={setRows} problems={problems} readOnly={!canEdit} /> : null}
      {rows && !canEdit ? <p className="hint">Only the project's owners change them.</p> : null}
      <p className="hint">The label as the turns name it: renaming the speaker later starts a new set.</p>
    </Dialog>
  );
}
