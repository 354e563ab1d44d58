import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './shell/App.tsx';
import { applyTheme, readThemeChoice } from './shell/ThemeModel.ts';
import './styles/workbench.css';
import './styles/themes.css';
import './styles/dialogs.css';
import './styles/narrow.css';

// the chosen theme from the first paint, the sign-in page included (the workbench's ThemeModel takes over after)
applyTheme(readThemeChoice());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
