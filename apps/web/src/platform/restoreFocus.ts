import { type Disposable, toDisposable } from './Disposable.ts';

/** The event {@link restoreFocus} sends to the element getting the focus back; a handler cancels it to take over. */
const RESTORE_FOCUS_EVENT = 'vb-restore-focus';

/**
 * Gives the focus back to `element` (where it was before a palette or a quick input took it). A part that keeps more
 * than the DOM can restore, like a rich text editor and its selection, registers with {@link onRestoreFocus} around
 * the element and focuses itself instead; any other element is simply focused.
 */
export function restoreFocus(element: HTMLElement): void {
  if (!element.isConnected) return;
  const event = new Event(RESTORE_FOCUS_EVENT, { bubbles: true, cancelable: true });
  if (element.dispatchEvent(event)) element.focus({ preventScroll: true });
}

/**
 * Handles {@link restoreFocus} for `container` and everything in it: `focus` puts the focus (and whatever goes with
 * it) back itself. The returned disposable stops handling.
 *
 * @example
 * onRestoreFocus(editorContainer, () => ReactEditor.focus(editor));
 */
export function onRestoreFocus(container: HTMLElement, focus: () => void): Disposable {
  const listener = (event: Event) => {
    event.preventDefault();
    focus();
  };
  container.addEventListener(RESTORE_FOCUS_EVENT, listener);
  return toDisposable(() => container.removeEventListener(RESTORE_FOCUS_EVENT, listener));
}
