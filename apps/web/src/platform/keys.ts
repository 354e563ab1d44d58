/** A key chord in canonical form: modifiers in the order Ctrl, Alt, Shift, then the key ("Ctrl+Shift+P", "F8", "Escape"). */
export type KeyChord = string;

const MODS = ['Ctrl', 'Alt', 'Shift'] as const;

/** Canonical form of a user-written chord ("shift+f8" -> "Shift+F8", "cmd+j" -> "Ctrl+J"); undefined if unreadable. */
export function normalizeChord(text: string): KeyChord | undefined {
  const parts = text.split('+').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return undefined;
  const mods = new Set<string>();
  let key: string | undefined;
  for (const p of parts) {
    const l = p.toLowerCase();
    if (l === 'ctrl' || l === 'control' || l === 'cmd' || l === 'meta' || l === 'mod') mods.add('Ctrl');
    else if (l === 'alt' || l === 'option') mods.add('Alt');
    else if (l === 'shift') mods.add('Shift');
    else if (key !== undefined) return undefined;
    else key = canonicalKey(p);
  }
  if (key === undefined) return undefined;
  return [...MODS.filter((m) => mods.has(m)), key].join('+');
}

/** The chord of a keyboard event (Cmd counts as Ctrl), or undefined for a bare modifier press. */
export function chordOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): KeyChord | undefined {
  if (['Control', 'Meta', 'Alt', 'Shift'].includes(e.key)) return undefined;
  const mods: string[] = [];
  if (e.ctrlKey || e.metaKey) mods.push('Ctrl');
  if (e.altKey) mods.push('Alt');
  if (e.shiftKey) mods.push('Shift');
  return [...mods, canonicalKey(e.key)].join('+');
}

function canonicalKey(key: string): string {
  if (key === ' ') return 'Space';
  if (key.toLowerCase() === 'esc') return 'Escape';
  if (/^f\d{1,2}$/i.test(key)) return key.toUpperCase();
  if (key.length === 1) return key.toUpperCase();
  return key[0]!.toUpperCase() + key.slice(1);
}
