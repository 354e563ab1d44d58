import { type CSSProperties, useEffect, useReducer, useState } from 'react';
import { CaptionSettingsPanel } from './CaptionSettingsPanel.tsx';
import type { CaptionSettings } from './captionSettings.ts';
import { CAPTION_PHASE_TEXT, captionScreenPhase, INITIAL_CAPTION_SCREEN, reduceCaptionScreen } from './captionScreenState.ts';
import type { Disposable } from '../../../platform/Disposable.ts';
import { type CaptionStreamEvent, openCaptionStream } from './openCaptionStream.ts';
import './captions.css';

/** How many finals are in the page at once: enough to fill the lines above the partial, few enough to stay light. */
const FINALS_SHOWN = 8;

/** Props of {@link CaptionScreen}. */
export interface CaptionScreenProps {
  /** The viewer link's token (`/captions/<token>`). */
  token: string;
  settings: CaptionSettings;
  /** Called when the viewer changes the settings (the page keeps them in its URL). */
  onSettingsChange: (settings: CaptionSettings) => void;
  /** Follows the link's captions (default {@link openCaptionStream} on this origin). */
  openStream?: (token: string, listener: (event: CaptionStreamEvent) => void) => Disposable;
}

/**
 * The public caption screen of a viewer link: large rolling lines of the talk's captions, partials dimmer and in
 * italics until they are final, for a projector, an OBS browser source or a phone; no account needed. Finals alone
 * are announced to screen readers (aria-live polite). Says when it waits for the talk, reconnects, when the talk has
 * ended and when the link does not work.
 */
export function CaptionScreen({ token, settings, onSettingsChange, openStream = openCaptionStream }: CaptionScreenProps) {
  const [state, dispatch] = useReducer(reduceCaptionScreen, INITIAL_CAPTION_SCREEN);
  const [panelOpen, setPanelOpen] = useState(false);
  const [open] = useState(() => openStream); // the first one: a new function on every render must not reconnect
  useEffect(() => {
    const stream = open(token, dispatch);
    return () => stream.dispose();
  }, [token, open]);

  const phase = captionScreenPhase(state);
  useEffect(() => {
    document.title = state.title ? `${state.title} · Live captions` : 'Live captions · Verbatim';
  }, [state.title]);

  const style = {
    '--captions-fg': settings.color,
    '--captions-bg': settings.background,
    '--captions-lines': settings.lines,
    ...(settings.fontSize === null ? {} : { '--captions-size': `${settings.fontSize}px` }),
  } as CSSProperties;
  const finals = state.feed.finals.slice(-FINALS_SHOWN);
  const partial = state.feed.partial;
  const classes = ['captions', `captions-${settings.position}`, settings.transparent ? 'captions-transparent' : ''].filter(Boolean).join(' ');

  return (
    <main className={classes} style={style} data-testid="captions-screen" aria-label="Live captions">
      {settings.showTitle && (
        <header className="captions-header">
          <h1 className="captions-title">{state.title ?? 'Live captions'}</h1>
          <p className="captions-state" data-testid="captions-state" data-state={phase} role="status">
            {phase === 'live' && <span className="captions-live-dot" aria-hidden="true" />}
            {CAPTION_PHASE_TEXT[phase]}
          </p>
        </header>
      )}
      {!settings.showTitle && (
        <p className="captions-state captions-state-hidden" data-testid="captions-state" data-state={phase} role="status">
          {CAPTION_PHASE_TEXT[phase]}
        </p>
      )}
      {state.gone ? (
        <p className="captions-error" data-testid="captions-error" role="alert">
          {state.gone.message}
        </p>
      ) : (
        <div className="captions-window">
          <p className="captions-text" lang="en">
            <span aria-live="polite" aria-relevant="additions">
              {finals.map((c) => (
                <span key={c.seq} className="caption caption-final" data-testid="caption-line" data-final="true" data-seq={c.seq}>
                  {c.text}{' '}
                </span>
              ))}
            </span>
            {partial && partial.text !== '' && (
              <span className="caption caption-partial" data-testid="caption-line" data-final="false" data-seq={partial.seq}>
                {partial.text}
              </span>
            )}
          </p>
        </div>
      )}
      {settings.controls && !state.gone && (
        <button
          type="button"
          className="captions-settings-button"
          aria-expanded={panelOpen}
          aria-controls="captions-settings"
          data-testid="captions-settings-open"
          onClick={() => setPanelOpen((open) => !open)}
        >
          {panelOpen ? 'Close settings' : 'Settings'}
        </button>
      )}
      {settings.controls && !state.gone && panelOpen && <CaptionSettingsPanel id="captions-settings" settings={settings} onChange={onSettingsChange} />}
    </main>
  );
}
