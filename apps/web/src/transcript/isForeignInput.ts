/**
 * True when the keyboard focus is in a text field other than the transcript editor (the palette, a speaker name, a
 * form) or in a dialog: transcript keys such as Escape and Ctrl+Z then belong to that field.
 */
export function isForeignInput(element: Element | null | undefined): boolean {
  if (!element || element === element.ownerDocument?.body) return false;
  if (element.closest('[role="dialog"], dialog')) return true;
  const tag = element.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return (element as HTMLElement).isContentEditable === true && !element.closest('[data-slate-editor]');
}
