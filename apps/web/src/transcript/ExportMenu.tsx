import { useMenu } from '../platform/useMenu.ts';
import { downloadExport } from './downloadExport.ts';
import { EXPORT_FORMATS, type ExportFormat } from './transcriptJson.ts';

const LABELS: Record<ExportFormat, string> = {
  txt: 'Plain text',
  srt: 'SRT subtitles',
  vtt: 'WebVTT subtitles',
  json: 'JSON with word timings',
  docx: 'Word document',
};

/**
 * The editor toolbar's Export button: a menu of every format (the palette's Export… asks the same), each a download of
 * the transcript as it reads now, corrections included. Arrow keys move through it, Escape closes it.
 */
export function ExportMenu({ transcriptId, download = downloadExport }: { transcriptId: string; download?: (id: string, format: ExportFormat) => void }) {
  const { open, setOpen, button, menu, onKeyDown: onKey } = useMenu();

  return (
    <span className="vb-export">
      <button
        ref={button}
        type="button"
        data-testid="export-button"
        aria-haspopup="menu"
        aria-expanded={open}
        title="Download this transcript as it reads now"
        onClick={() => setOpen((o) => !o)}
      >
        Export ▾
      </button>
      {open && (
        <div ref={menu} className="vb-export-menu" role="menu" aria-label="Export format" onKeyDown={onKey}>
          {EXPORT_FORMATS.map((format) => (
            <button
              key={format}
              type="button"
              role="menuitem"
              tabIndex={-1}
              data-testid="export-menu-item"
              data-format={format}
              onClick={() => {
                setOpen(false);
                download(transcriptId, format);
              }}
            >
              <span>{LABELS[format]}</span>
              <span className="dim">.{format}</span>
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
