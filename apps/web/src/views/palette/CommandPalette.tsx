import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { restoreFocus } from '../../platform/restoreFocus.ts';
import { useWorkbench } from '../../platform/WorkbenchContext.tsx';
import { useRerenderOn } from '../../shell/ShellContext.tsx';
import { type CommandMatch, filterCommands } from './filterCommands.ts';

/** Props of {@link CommandPalette}. */
export interface CommandPaletteProps {
  onClose: () => void;
}

/**
 * The command palette (workbench.showCommands): every command with its category and current keys, filtered fuzzily
 * as you type (unavailable ones dimmed); arrows move, Enter runs, Escape closes. Key bindings are suspended while it is open, so Escape and
 * F-keys reach it. A command runs where the palette was opened from: the palette closes, the focus goes back (an
 * editor gets its selection back too), and the command runs once that has settled.
 */
export function CommandPalette({ onClose }: CommandPaletteProps) {
  const { commands, keybindings, notify } = useWorkbench();
  useRerenderOn(commands.onDidChange, keybindings.onDidChange);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [returnFocus] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : undefined));

  useEffect(() => {
    const suspension = keybindings.suspend();
    input.current?.focus();
    return () => suspension.dispose();
  }, [keybindings]);

  // a few dozen commands: filtering on every render is cheaper than tracking when the registry changed
  const matches = filterCommands(commands.list(), query);
  const current = Math.min(active, Math.max(0, matches.length - 1));

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [current, query]);

  const closed = useRef(false);
  const close = () => {
    if (closed.current) return;
    closed.current = true;
    onClose();
    if (returnFocus) restoreFocus(returnFocus);
  };

  const run = (match: CommandMatch | undefined) => {
    if (!match) return;
    const { command } = match;
    // the palette closes either way: left open over the editor, it would take the next click
    close();
    if (command.when && !command.when()) {
      notify('info', `${match.label} is not available now.`);
      return;
    }
    // after the close and the focus change have rendered: an editor command then sees its editor as the user left it
    setTimeout(() => {
      commands.execute(command.id).catch((error: unknown) => notify('error', `${match.label} failed: ${error instanceof Error ? error.message : String(error)}`));
    }, 0);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const page = 10;
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) {
      e.preventDefault();
      const count = matches.length;
      if (count === 0) return;
      const step = moves[e.key]!;
      // single steps wrap around, page steps stop at the ends
      setActive(Math.abs(step) === 1 ? (current + step + count) % count : Math.min(count - 1, Math.max(0, current + step)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(matches[current]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    }
  };

  const optionId = (i: number) => `${listId}-${i}`;
  return (
    <div className="palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette">
        <input
          ref={input}
          data-testid="command-palette-input"
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={matches.length > 0 ? optionId(current) : undefined}
          aria-autocomplete="list"
          placeholder="Type the name of a command"
          spellCheck={false}
          autoComplete="off"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={(e) => {
            // clicking outside the palette closes it (a click on an option keeps focus inside)
            if (closed.current || e.relatedTarget === null || e.currentTarget.closest('.palette')?.contains(e.relatedTarget as Node)) return;
            closed.current = true;
            onClose();
          }}
        />
        <ul ref={list} id={listId} role="listbox" aria-label="Commands" className="palette-list">
          {matches.map((match, i) => {
            const keys = keybindings.keysFor(match.command.id);
            const available = !match.command.when || match.command.when();
            return (
              <li
                key={match.command.id}
                id={optionId(i)}
                role="option"
                aria-selected={i === current}
                aria-disabled={!available || undefined}
                data-testid="command-palette-item"
                data-command-id={match.command.id}
                className={`palette-item${i === current ? ' active' : ''}${available ? '' : ' unavailable'}`}
                onMouseMove={() => i !== current && setActive(i)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => run(match)}
              >
                <span className="palette-label">
                  <Highlighted text={match.label} indices={match.highlights} />
                </span>
                <span className="palette-keys">
                  {keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </span>
              </li>
            );
          })}
          {matches.length === 0 && <li className="palette-empty">No matching commands</li>}
        </ul>
      </div>
    </div>
  );
}

function Highlighted({ text, indices }: { text: string; indices: readonly number[] }) {
  if (indices.length === 0) return <>{text}</>;
  const marked = new Set(indices);
  const parts: { text: string; mark: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const mark = marked.has(i);
    const last = parts[parts.length - 1];
    if (last && last.mark === mark) last.text += text[i];
    else parts.push({ text: text[i]!, mark });
  }
  return (
    <>
      {parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  );
}
