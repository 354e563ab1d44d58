import { type KeyboardEvent, lazy, Suspense, useEffect, useReducer, useRef, useState } from 'react';
import { listSpeakers } from '../editor/listSpeakers.ts';
import type { TranscriptActions } from './TranscriptActions.ts';
import type { TranscriptSession } from './TranscriptSession.ts';
import { useRerenderOn } from './useTranscriptWorkbench.ts';

const SpeakerAttributesDialog = lazy(() => import('../views/quality/attributes/SpeakerAttributesDialog.tsx'));

/**
 * The transcript's speakers, from the toolbar (`speakers-button`, or the Speakers command): each with its number of
 * turns, a name that renames the speaker in every turn (`speaker-name`, Enter or leaving the field), and "Merge
 * into…" (`speaker-merge`), which gives all its turns another speaker's name, and "Assign selection"
 * (`speaker-assign-selection`), which gives the words selected in the editor to that speaker. Each change is one step for Undo.
 * Read-only for those who cannot edit. Escape or a click outside closes it.
 */
export function SpeakerList({ session, actions }: { session: TranscriptSession; actions: TranscriptActions }) {
  const [open, setOpen] = useState(false);
  // the speaker whose attributes (for quality slices) are being edited; the dialog outlives the panel
  const [describing, setDescribing] = useState<string>();
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const root = useRef<HTMLDivElement>(null);
  useRerenderOn(session.onDidChangeContent);
  const speakers = listSpeakers(session.editor!.children);

  useEffect(() => {
    const sub = actions.onDidRequestSpeakers(() => {
      setOpen(true);
      requestAnimationFrame(() => root.current?.querySelector<HTMLElement>('[data-testid="speaker-name"]')?.focus());
    });
    return () => sub.dispose();
  }, [actions]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const rename = (from: string, to: string) => {
    if (actions.renameSpeakerEverywhere(from, to) > 0) redraw();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    setOpen(false);
    actions.focusEditor();
  };

  return (
    <div className="vb-speakers" ref={root} onKeyDown={onKeyDown}>
      <button type="button" className="vb-speakers-button" data-testid="speakers-button" aria-expanded={open} aria-haspopup="dialog" title="Rename or merge speakers throughout the transcript" onClick={() => setOpen(!open)}>
        {speakers.length} speaker{speakers.length === 1 ? '' : 's'}
      </button>
      {open ? (
        <div className="vb-speakers-panel" role="dialog" aria-label="Speakers" data-testid="speakers-panel">
          {!session.canEdit ? <p className="vb-speakers-hint">Only editors and owners rename speakers.</p> : null}
          <ul className="vb-speakers-list">
            {speakers.map((speaker) => (
              <li key={speaker.name} className="vb-speaker-row" data-testid="speaker-row" data-speaker={speaker.name} data-turns={speaker.turns}>
                <SpeakerName name={speaker.name} readOnly={!session.canEdit} onRename={(to) => rename(speaker.name, to)} />
                <span className="vb-speaker-turns">
                  {speaker.turns} turn{speaker.turns === 1 ? '' : 's'}
                </span>
                {session.canEdit && speakers.length > 1 ? (
                  <select
                    data-testid="speaker-merge"
                    aria-label={`Merge ${speaker.name} into another speaker`}
                    value=""
                    onChange={(e) => e.target.value && rename(speaker.name, e.target.value)}
                  >
                    <option value="">Merge into…</option>
                    {speakers
                      .filter((other) => other.name !== speaker.name)
                      .map((other) => (
                        <option key={other.name} value={other.name}>
                          {other.name}
                        </option>
                      ))}
                  </select>
                ) : null}
                {session.canEdit ? (
                  <button type="button" className="link-button" data-testid="speaker-assign-selection" title={`Give the selected words to ${speaker.name} (Assign Selection to Speaker…, Alt+S)`} onClick={() => actions.assignSelectionToSpeaker(speaker.name)}>
                    Assign selection
                  </button>
                ) : null}
                <button type="button" className="link-button" data-testid="speaker-attributes" title="Attributes of this speaker (quality is measured per value)" onClick={() => (setOpen(false), setDescribing(speaker.name))}>
                  Attributes…
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {describing !== undefined ? (
        <Suspense fallback={null}>
          <SpeakerAttributesDialog projectId={session.record!.projectId} speaker={describing} canEdit={session.role === 'owner'} onClose={() => setDescribing(undefined)} />
        </Suspense>
      ) : null}
    </div>
  );
}

function SpeakerName({ name, readOnly, onRename }: { name: string; readOnly: boolean; onRename: (to: string) => void }) {
  const [value, setValue] = useState(name);
  useEffect(() => setValue(name), [name]);
  const commit = () => {
    if (value.trim() && value.trim() !== name) onRename(value);
    else setValue(name);
  };
  return (
    <input
      className="vb-speaker-name"
      data-testid="speaker-name"
      aria-label={`Name of ${name} in every turn`}
      value={value}
      readOnly={readOnly}
      onChange={(e) => setValue(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        else if (e.key === 'Escape') setValue(name);
      }}
    />
  );
}
