import { useRerenderOn, useShell } from '../../shell/ShellContext.tsx';
import { THEME_CHOICES, type ThemeChoice } from '../../shell/ThemeModel.ts';

const LABELS: Record<ThemeChoice, string> = {
  system: "Follow the system's setting",
  light: 'Light',
  dark: 'Dark',
};

/** The Settings editor: the colour theme (the system's setting unless one is chosen here), kept in this browser. */
export function SettingsView() {
  const { theme } = useShell();
  useRerenderOn(theme.onDidChange);
  return (
    <div className="settings-editor" data-testid="settings-view">
      <h1>Settings</h1>
      <fieldset>
        <legend>Colour theme</legend>
        {THEME_CHOICES.map((choice) => (
          <label key={choice} className="choice">
            <input type="radio" name="theme" value={choice} data-testid="theme-choice" checked={theme.choice === choice} onChange={() => theme.setChoice(choice)} />
            {LABELS[choice]}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
