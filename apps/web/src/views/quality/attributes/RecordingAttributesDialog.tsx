import type { MediaAttributesBody } from '@verbatim/core/api';
import { useEffect, useState } from 'react';
import { useWorkbench } from '../../../platform/WorkbenchContext.tsx';
import { Dialog } from '../../../shell/Dialog.tsx';
import { type AttributeRow, attributesToRows, rowsToAttributes } from './attributeRows.ts';
import { AttributesEditor } from './AttributesEditor.tsx';

/**
 * A recording's slice attributes (`GET`/`PUT /api/media/:id/attributes`): owners edit them, everyone else reads them.
 * Saving is refused, with the problems listed, while a row breaks the server's limits; what the server refuses
 * anyway is shown in the dialog, which stays open.
 */
export default function RecordingAttributesDialog({ mediaId, mediaName, canEdit, onClose }: { mediaId: string; mediaName: string; canEdit: boolean; onClose: () => void }) {
  const { api, notify } = useWorkbench();
  const [rows, setRows] = useState<AttributeRow[]>();
  const [loadError, setLoadError] = useState<string>();
  const path = `/api/media/${encodeURIComponent(mediaId)}/attributes`;
  useEffect(() => {
    const abort = new AbortController();
    api.get<MediaAttributesBody>(path, abort.signal).then(
      (answer) => {
        const loaded = attributesToRows(answer.attributes);
        setRows(loaded.length > 0 || !canEdit ? loaded : [{ key: '', value: '' }]);
      },
      (err: unknown) => !abort.signal.aborted && setLoadError(err instanceof Error ? err.message : String(err)),
    );
    return () => abort.abort();
  }, [api, path, canEdit]);
  const { attributes, problems } = rowsToAttributes(rows ?? []);
  const save = async () => {
    if (problems.length > 0) throw new Error('Fix the attributes listed first.');
    await api.put<MediaAttributesBody>(path, { attributes });
    notify('info', `Saved the attributes of ${mediaName}.`);
  };
  return (
    <Dialog title={`Attributes: ${mediaName}`} {...(canEdit && rows ? { confirmLabel: 'Save', onConfirm: save } : {})} onClose={onClose} testId="recording-attributes-dialog">
      {loadError ? <p className="form-error">{loadError}</p> : null}
      {!rows && !loadError ? <p className="empty">Loading…</p> : null}
      {rows ? <AttributesEditor rows={rows} onChange={setRows} problems={problems} readOnly={!canEdit} /> : null}
      {rows && !canEdit ? <p className="hint">Only the project's owners change them.</p> : null}
    </Dialog>
  );
}
