// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { CommandRegistry } from './CommandRegistry.ts';
import { KeybindingService } from './KeybindingService.ts';

/** An in-memory Storage (the browser's localStorage has the same two methods). */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

function setup(storage = memoryStorage()) {
  const commands = new CommandRegistry();
  const ran: string[] = [];
  commands.register({ id: 'review.nextFlagged', title: 'Next', keybinding: 'F8', run: () => void ran.push('next') });
  commands.register({ id: 'playback.back', title: 'Back', keybinding: 'F1', alternativeKeybindings: ['ctrl+1'], run: () => void ran.push('back') });
  commands.register({ id: 'palette', title: 'Palette', keybinding: 'ctrl+shift+p', run: () => void ran.push('palette') });
  return { commands, ran, storage, keys: new KeybindingService(commands, storage) };
}

/** Presses a key in an element of the page (by default a contenteditable, like the editor), as the browser would dispatch it. */
function keydown(key: string, mods: KeyboardEventInit = {}, tag = 'div'): { defaultPrevented: boolean; reachedTarget: boolean } {
  const input = document.createElement(tag);
  if (tag === 'div') input.contentEditable = 'true';
  document.body.append(input);
  let reachedTarget = false;
  input.addEventListener('keydown', () => void (reachedTarget = true));
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...mods });
  input.dispatchEvent(event);
  input.remove();
  return { defaultPrevented: event.defaultPrevented, reachedTarget };
}

describe('KeybindingService', () => {
  it('takes default keys from the commands, normalised', () => {
    const { keys } = setup();
    expect(keys.keysFor('playback.back')).toEqual(['F1', 'Ctrl+1']);
    expect(keys.keysFor('palette')).toEqual(['Ctrl+Shift+P']);
    expect(keys.resolve('Ctrl+1')).toBe('playback.back');
    expect(keys.resolve('F9')).toBeUndefined();
  });

  it('rebinding replaces a command\'s keys, and a user binding wins over another command\'s default', () => {
    const { keys } = setup();
    keys.rebind('playback.back', ['f8']);
    expect(keys.keysFor('playback.back')).toEqual(['F8']);
    expect(keys.isRebound('playback.back')).toBe(true);
    expect(keys.resolve('F8')).toBe('playback.back');
    expect(keys.resolve('F1')).toBeUndefined();
    expect(keys.resolve('Ctrl+1')).toBeUndefined();
    keys.rebind('playback.back', undefined);
    expect(keys.isRebound('playback.back')).toBe(false);
    expect(keys.resolve('F8')).toBe('review.nextFlagged');
    expect(keys.resolve('F1')).toBe('playback.back');
  });

  it('refuses an unreadable binding and keeps the old one', () => {
    const { keys } = setup();
    expect(() => keys.rebind('palette', ['ctrl+'])).toThrow(/cannot read/);
    expect(keys.keysFor('palette')).toEqual(['Ctrl+Shift+P']);
  });

  it('persists rebindings in storage for the next page load, and survives a damaged setting', () => {
    const storage = memoryStorage();
    const first = setup(storage);
    let changes = 0;
    first.keys.onDidChange(() => changes++);
    first.keys.rebind('review.nextFlagged', ['PageDown']);
    expect(changes).toBe(1);
    const second = setup(storage);
    expect(second.keys.keysFor('review.nextFlagged')).toEqual(['PageDown']);
    expect(second.keys.resolve('PageDown')).toBe('review.nextFlagged');
    storage.data.set('verbatim.keybindings', '{not json');
    expect(setup(storage).keys.keysFor('review.nextFlagged')).toEqual(['F8']);
  });

  it('listen runs the bound command, prevents the default and keeps the key from the focused field', async () => {
    const { keys, ran } = setup();
    const listening = keys.listen(window);
    const hit = keydown('P', { ctrlKey: true, shiftKey: true });
    const miss = keydown('x');
    await Promise.resolve();
    expect(ran).toEqual(['palette']);
    expect(hit.defaultPrevented).toBe(true);
    expect(miss.defaultPrevented).toBe(false);
    expect(miss.reachedTarget).toBe(true);
    expect(hit.reachedTarget).toBe(false);
    listening.dispose();
    keydown('F8');
    await Promise.resolve();
    expect(ran).toEqual(['palette']);
  });

  it('listen leaves keys alone for an unavailable command and while suspended', async () => {
    const commands = new CommandRegistry();
    const ran: string[] = [];
    let available = false;
    commands.register({ id: 'toggle', title: 'Toggle', keybinding: 'Escape', when: () => available, run: () => void ran.push('toggle') });
    const keys = new KeybindingService(commands, memoryStorage());
    const listening = keys.listen(window);
    expect(keydown('Escape').defaultPrevented).toBe(false);
    available = true;
    const suspension = keys.suspend();
    expect(keys.suspended).toBe(true);
    expect(keydown('Escape').defaultPrevented).toBe(false);
    suspension.dispose();
    suspension.dispose();
    expect(keys.suspended).toBe(false);
    expect(keydown('Escape').defaultPrevented).toBe(true);
    await Promise.resolve();
    expect(ran).toEqual(['toggle']);
    listening.dispose();
  });

  it('a keybinding condition holds back the keys only: the command itself still runs (from the palette)', async () => {
    const commands = new CommandRegistry();
    const ran: string[] = [];
    let keysFree = false;
    commands.register({ id: 'undo', title: 'Undo', keybinding: 'Ctrl+Z', keybindingWhen: () => keysFree, run: () => void ran.push('undo') });
    const keys = new KeybindingService(commands, memoryStorage());
    const listening = keys.listen(window);
    const held = keydown('z', { ctrlKey: true });
    expect(held.defaultPrevented).toBe(false);
    expect(held.reachedTarget).toBe(true);
    expect(await commands.execute('undo')).toBe(true);
    keysFree = true;
    expect(keydown('z', { ctrlKey: true }).defaultPrevented).toBe(true);
    await Promise.resolve();
    expect(ran).toEqual(['undo', 'undo']);
    listening.dispose();
  });

  it('leaves plain keys typed in a form field to the field, but F-keys and Ctrl chords still run commands there', async () => {
    const { keys, ran } = setup();
    const listening = keys.listen(window);
    expect(keydown('F8', {}, 'input').defaultPrevented).toBe(true);
    expect(keydown('P', { ctrlKey: true, shiftKey: true }, 'textarea').defaultPrevented).toBe(true);
    await Promise.resolve();
    expect(ran).toEqual(['next', 'palette']);
    keys.rebind('review.nextFlagged', ['Escape']);
    const inField = keydown('Escape', {}, 'input');
    expect(inField.defaultPrevented).toBe(false);
    expect(inField.reachedTarget).toBe(true);
    expect(keydown('Escape').defaultPrevented).toBe(true);
    await Promise.resolve();
    expect(ran).toEqual(['next', 'palette', 'next']);
    listening.dispose();
  });
});
