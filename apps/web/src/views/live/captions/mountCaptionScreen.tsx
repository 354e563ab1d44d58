import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CaptionScreen } from './CaptionScreen.tsx';
import { type CaptionSettings, readCaptionSettings, writeCaptionSettings } from './captionSettings.ts';

/**
 * Renders the public caption screen of `token` into `element` instead of the workbench: no sign-in, the settings
 * read from the page's URL and written back to it (`history.replaceState`) as the viewer changes them.
 */
export function mountCaptionScreen(element: HTMLElement, token: string): void {
  document.documentElement.classList.add('captions-page');
  createRoot(element).render(
    <StrictMode>
      <CaptionPage token={token} />
    </StrictMode>,
  );
}

function CaptionPage({ token }: { token: string }) {
  const [settings, setSettings] = useState(() => readCaptionSettings(window.location.search));
  const change = useCallback((next: CaptionSettings) => {
    setSettings(next);
    const query = writeCaptionSettings(next, window.location.search);
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`);
  }, []);
  return <CaptionScreen token={token} settings={settings} onSettingsChange={change} />;
}
