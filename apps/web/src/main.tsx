import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shell/App.tsx';
import { applyTheme, readThemeChoice } from './shell/ThemeModel.ts';
import { captionTokenOf } from './views/live/captions/captionTokenOf.ts';
import './styles/workbench.css';
import './styles/themes.css';
import './styles/dialogs.css';
import './styles/narrow.css';

// the chosen theme from the first paint, the sign-in page included (the workbench's ThemeModel takes over after)
applyTheme(readThemeChoice());

// a viewer link's caption screen (/captions/<token>): public, no sign-in and no workbench, loaded on its own
const captionToken = captionTokenOf(window.location.pathname);
if (captionToken !== undefined) {
  void import('./views/live/captions/mountCaptionScreen.tsx').then((m) => m.mountCaptionScreen(document.getElementById('root')!, captionToken));
} else {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
