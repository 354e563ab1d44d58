import { type FormEvent, useEffect, useRef, useState } from 'react';
import { formatTimecode, parseTimecode } from '../waveform/timecode.ts';
import type { PromptRequest } from './TranscriptActions.ts';
import { EXPORT_FORMATS, type ExportFormat } from './transcriptJson.ts';

/** What the quick input can do with an answer. */
export interface QuickInputHandlers {
  jumpTo(seconds: number): void;
  setRewind(seconds: number): void;
  exportAs(format: ExportFormat): void;
  /** Gives the selected words to this speaker. */
  assignSpeaker(name: string): void;
  currentTime(): number;
  rewind(): number;
}

/**
 * The tab's small prompt (VS Code's quick input): a time to jump to (hh:mm:ss or seconds), the rewind-on-resume
 * seconds, an export format, or the speaker to give the selected words to. Enter answers, Escape closes.
 */
export function QuickInput({ request, handlers, onClose }: { request: PromptRequest; handlers: QuickInputHandlers; onClose: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(() =>
    request.kind === 'jump' ? formatTimecode(handlers.currentTime()) : request.kind === 'rewind' ? String(handlers.rewind()) : '',
  );
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (request.kind === 'jump') {
      const seconds = parseTimecode(value);
      if (seconds === undefined) return setError('Type a time as hh:mm:ss, mm:ss or seconds.');
      handlers.jumpTo(seconds);
    } else if (request.kind === 'rewind') {
      const seconds = Number(value.replace(',', '.'));
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > 10) return setError('Type a number of seconds from 0 to 10.');
      handlers.setRewind(seconds);
    } else if (request.kind === 'speaker') {
      if (value.trim() === '') return setError('Type a speaker\'s name or pick one.');
      handlers.assignSpeaker(value.trim());
    } else {
      const format = EXPORT_FORMATS.find((f) => f === value.trim().toLowerCase());
      if (!format) return setError(`Choose one of ${EXPORT_FORMATS.join(', ')}.`);
      handlers.exportAs(format);
    }
    onClose();
  };

  const label =
    request.kind === 'jump' ? 'Jump to time (hh:mm:ss or seconds)' : request.kind === 'rewind' ? 'Rewind on resume (seconds)' : request.kind === 'speaker' ? 'Assign the selection to speaker (a name, or pick one)' : 'Export format';
  return (
    <form
      className="vb-quick-input"
      role="dialog"
      aria-label={label}
      data-testid="quick-input"
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <input
        ref={ref}
        data-testid="quick-input-field"
        aria-label={label}
        placeholder={label}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setError(undefined);
        }}
        onBlur={(e) => {
          if (!e.currentTarget.form?.contains(e.relatedTarget as Node | null)) onClose();
        }}
      />
      {request.kind === 'export' ? (
        <div className="vb-quick-options">
          {EXPORT_FORMATS.map((format) => (
            <button
              key={format}
              type="button"
              data-testid="export-format"
              data-format={format}
              onClick={() => {
                handlers.exportAs(format);
                onClose();
              }}
            >
              {format.toUpperCase()}
            </button>
          ))}
        </div>
      ) : null}
      {request.kind === 'speaker' ? (
        <div className="vb-quick-options">
          {request.speakers.map((name) => (
            <button
              key={name}
              type="button"
              data-testid="assign-speaker-option"
              data-speaker={name}
              onClick={() => {
                handlers.assignSpeaker(name);
                onClose();
              }}
            >
              {name}
            </button>
          ))}
        </div>
      ) : null}
      {error ? <div className="vb-quick-error">{error}</div> : null}
    </form>
  );
}
