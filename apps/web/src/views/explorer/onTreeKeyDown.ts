import type { KeyboardEvent } from 'react';

/**
 * Keyboard navigation of a `role="tree"` whose `treeitem`s are focusable and hold their clickable row as
 * `.tree-row` (and their children in a `role="group"`): Up/Down move between visible items, Right expands (or
 * enters), Left collapses (or goes to the parent), Home/End jump, Enter and Space activate the row.
 */
export function onTreeKeyDown(e: KeyboardEvent<HTMLElement>): void {
  const tree = e.currentTarget;
  const current = (e.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
  if (!current || !tree.contains(current) || e.target !== current) return;
  const items = [...tree.querySelectorAll<HTMLElement>('[role="treeitem"]')].filter((item) => !item.closest('[hidden]') && visible(item, tree));
  const at = items.indexOf(current);
  const row = current.querySelector<HTMLElement>(':scope > .tree-row');
  const expanded = current.getAttribute('aria-expanded');
  const focus = (item: HTMLElement | undefined) => {
    if (!item) return;
    for (const other of items) other.tabIndex = -1;
    item.tabIndex = 0;
    item.focus();
  };
  switch (e.key) {
    case 'ArrowDown':
      focus(items[at + 1]);
      break;
    case 'ArrowUp':
      focus(items[at - 1]);
      break;
    case 'Home':
      focus(items[0]);
      break;
    case 'End':
      focus(items[items.length - 1]);
      break;
    case 'ArrowRight':
      if (expanded === 'false') row?.click();
      else if (expanded === 'true') focus(items[at + 1]);
      break;
    case 'ArrowLeft':
      if (expanded === 'true') row?.click();
      else focus(current.parentElement?.closest<HTMLElement>('[role="treeitem"]') ?? undefined);
      break;
    case 'Enter':
    case ' ':
      row?.click();
      break;
    default:
      return;
  }
  e.preventDefault();
}

// an item inside a collapsed parent is not rendered at all; this guards against display:none styling too
function visible(item: HTMLElement, tree: HTMLElement): boolean {
  for (let el: HTMLElement | null = item; el && el !== tree; el = el.parentElement) if (el.style.display === 'none') return false;
  return true;
}
