import { useEffect, useState } from 'react';
import { chordOf } from '../../platform/keys.ts';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { useRerenderOn } from '../../shell/ShellContext.tsx';
import { filterCommands } from '../palette/filterCommands.ts';

/**
 * Keyboard Shortcuts (workbench.showKeybindings): every command with its keys. "Change" records the next key
 * pressed (a foot pedal's too) as the command's binding, saved in this browser; "Reset" brings back the default.
 * A key bound to several commands is marked: the user's binding wins.
 */
export function KeybindingsView() {
  const { commands, keybindings, notify } = useWorkbench();
  useRerenderOn(commands.onDidChange, keybindings.onDidChange);
  const [filter, setFilter] = useState('');
  const [recording, setRecording] = useState<string>();

  useEffect(() => {
    if (!recording) return;
    const suspension = keybindings.suspend();
    const onKey = (e: KeyboardEvent) => {
      const chord = chordOf(e);
      // a modifier alone is the start of a chord: wait for its key
      if (!chord) return;
      e.preventDefault();
      e.stopPropagation();
      try {
        keybindings.rebind(recording, [chord]);
      } catch (error) {
        notify('error', error instanceof Error ? error.message : String(error));
      }
      setRecording(undefined);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      suspension.dispose();
    };
  }, [recording, keybindings, notify]);

  const all = commands.list();
  // which commands each key runs, to mark keys shared by several
  const byKey = new Map<string, string[]>();
  for (const c of all) for (const k of keybindings.keysFor(c.id)) byKey.set(k, [...(byKey.get(k) ?? []), c.id]);
  const rows = filterCommands(all, filter);
  // a filter that spells a key ("F8") finds commands by their keys too
  const byKeyMatch = filter.trim()
    ? all.filter((c) => !rows.some((r) => r.command.id === c.id) && keybindings.keysFor(c.id).some((k) => k.toLowerCase().includes(filter.trim().toLowerCase())))
    : [];

  return (
    <div className="keybindings-editor" data-testid="keybindings-view">
      <h1>Keyboard Shortcuts</h1>
      <p className="hint">Change records the next key you press — a foot pedal's too. Bindings are kept in this browser.</p>
      <input
        type="search"
        className="keybindings-filter"
        data-testid="keybindings-filter"
        aria-label="Filter commands or keys"
        placeholder="Type to search commands or keys"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <table className="keybindings-table">
        <thead>
          <tr>
            <th scope="col">Command</th>
            <th scope="col">Keys</th>
            <th scope="col">Source</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {[...rows.map((r) => r.command), ...byKeyMatch].map((command) => {
            const keys = keybindings.keysFor(command.id);
            const rebound = keybindings.isRebound(command.id);
            const isRecording = recording === command.id;
            return (
              <tr key={command.id} data-testid="keybinding-row" data-command-id={command.id} className={isRecording ? 'recording' : undefined}>
                <td>
                  <span title={command.id}>
                    {command.category ? <span className="dim">{command.category}: </span> : null}
                    {command.title}
                  </span>
                </td>
                <td data-testid="keybinding-keys">
                  {isRecording ? (
                    <span className="recording-hint" role="status">
                      Press the new key…
                    </span>
                  ) : keys.length === 0 ? (
                    <span className="dim">—</span>
                  ) : (
                    keys.map((k) => {
                      const others = (byKey.get(k) ?? []).filter((id) => id !== command.id);
                      return (
                        <kbd key={k} className={others.length ? 'conflict' : undefined} title={others.length ? `Also bound to ${others.join(', ')}` : undefined}>
                          {k}
                        </kbd>
                      );
                    })
                  )}
                </td>
                <td className="dim">{rebound ? 'User' : 'Default'}</td>
                <td className="keybinding-actions">
                  {isRecording ? (
                    <button type="button" onClick={() => setRecording(undefined)}>
                      Cancel
                    </button>
                  ) : (
                    <button type="button" data-testid="keybinding-change" onClick={() => setRecording(command.id)}>
                      Change
                    </button>
                  )}
                  {rebound && !isRecording && (
                    <button type="button" data-testid="keybinding-reset" onClick={() => keybindings.rebind(command.id, undefined)}>
                      Reset
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
