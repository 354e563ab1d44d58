import { useState } from 'react';
import { CAPTION_LIMITS, type CaptionSettings, DEFAULT_CAPTION_SETTINGS, writeCaptionSettings } from './captionSettings.ts';

/** Props of {@link CaptionSettingsPanel}. */
export interface CaptionSettingsPanelProps {
  id: string;
  settings: CaptionSettings;
  onChange: (settings: CaptionSettings) => void;
}

/**
 * The caption screen's settings: text size, colours, lines, position, a transparent background (OBS), whether the
 * title shows. Every change goes into the page's URL, so "Copy link" hands on exactly this look.
 */
export function CaptionSettingsPanel({ id, settings, onChange }: CaptionSettingsPanelProps) {
  const [copied, setCopied] = useState<string>();
  const set = <K extends keyof CaptionSettings>(key: K, value: CaptionSettings[K]) => onChange({ ...settings, [key]: value });
  const link = () => {
    const query = writeCaptionSettings(settings, window.location.search);
    return `${window.location.origin}${window.location.pathname}${query ? `?${query}` : ''}`;
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link());
      setCopied('Link copied.');
    } catch {
      setCopied(`Copy this link: ${link()}`);
    }
  };

  return (
    <section id={id} className="captions-settings" aria-label="Caption settings" data-testid="captions-settings">
      <label>
        Text size (px)
        <span className="captions-settings-row">
          <input
            type="number"
            data-testid="captions-size"
            min={CAPTION_LIMITS.fontSize.min}
            max={CAPTION_LIMITS.fontSize.max}
            placeholder="auto"
            value={settings.fontSize ?? ''}
            onChange={(e) => {
              const n = e.target.valueAsNumber;
              if (e.target.value === '') set('fontSize', null);
              else if (Number.isFinite(n)) set('fontSize', Math.min(CAPTION_LIMITS.fontSize.max, Math.max(CAPTION_LIMITS.fontSize.min, Math.round(n))));
            }}
          />
          <button type="button" onClick={() => set('fontSize', null)} disabled={settings.fontSize === null}>
            Auto
          </button>
        </span>
      </label>
      <label>
        Text colour
        <input type="color" data-testid="captions-fg" value={sixDigits(settings.color)} onChange={(e) => set('color', e.target.value)} />
      </label>
      <label>
        Background colour
        <input type="color" data-testid="captions-bg" value={sixDigits(settings.background)} onChange={(e) => set('background', e.target.value)} />
      </label>
      <label>
        Lines
        <select data-testid="captions-lines" value={settings.lines} onChange={(e) => set('lines', Number(e.target.value))}>
          {Array.from({ length: CAPTION_LIMITS.lines.max - CAPTION_LIMITS.lines.min + 1 }, (_, i) => CAPTION_LIMITS.lines.min + i).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        Position
        <select data-testid="captions-position" value={settings.position} onChange={(e) => set('position', e.target.value === 'top' ? 'top' : 'bottom')}>
          <option value="bottom">Bottom</option>
          <option value="top">Top</option>
        </select>
      </label>
      <label className="captions-settings-check">
        <input type="checkbox" data-testid="captions-transparent" checked={settings.transparent} onChange={(e) => set('transparent', e.target.checked)} />
        Transparent background (OBS)
      </label>
      <label className="captions-settings-check">
        <input type="checkbox" checked={settings.showTitle} onChange={(e) => set('showTitle', e.target.checked)} />
        Show the title
      </label>
      <p className="captions-settings-hint">Add <code>controls=0</code> to the link to hide this button on a projector or in OBS.</p>
      <span className="captions-settings-row">
        <button type="button" onClick={() => void copy()}>
          Copy link with these settings
        </button>
        <button type="button" onClick={() => onChange({ ...DEFAULT_CAPTION_SETTINGS })}>
          Reset
        </button>
      </span>
      {copied && (
        <p className="captions-settings-hint" role="status">
          {copied}
        </p>
      )}
    </section>
  );
}

/** `<input type=color>` takes `#rrggbb` only. */
function sixDigits(colour: string): string {
  const hex = colour.replace(/^#/, '');
  if (hex.length === 3 || hex.length === 4) return `#${[...hex.slice(0, 3)].map((c) => c + c).join('')}`;
  return `#${hex.slice(0, 6)}`;
}
