import { type KeyboardEvent, type RefObject, useEffect, useRef, useState } from 'react';

/** What a menu button and its popup share (see {@link useMenu}). */
export interface MenuState {
  open: boolean;
  setOpen(open: boolean | ((open: boolean) => boolean)): void;
  button: RefObject<HTMLButtonElement | null>;
  menu: RefObject<HTMLDivElement | null>;
  /** The popup's `onKeyDown`: arrows move through its `menuitem`s, Escape and Tab close it and give the button the focus. */
  onKeyDown(e: KeyboardEvent): void;
}

/**
 * A button's popup menu (WAI-ARIA menu button): opening focuses the first `menuitem`, a pointer down outside both
 * closes it, arrow keys wrap through the items, Escape and Tab close it (the key goes no further, so Escape does not
 * also reach the editor's play/pause) and give the focus back to the button.
 */
export function useMenu(): MenuState {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', onDown, true);
    return () => window.removeEventListener('pointerdown', onDown, true);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      items[(at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    }
  };

  return { open, setOpen, button, menu, onKeyDown };
}
