// Running a command the way a person does: Ctrl+Shift+P, type part of its title, Enter.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { openPalette } from './workbench.ts';

/** Opens the palette, types `query`, waits until `commandId` is the selected item, and runs it with Enter. */
export async function runFromPalette(page: Page, query: string, commandId: string): Promise<void> {
  await openPalette(page);
  await page.keyboard.type(query);
  await expect
    .poll(() => page.locator('[data-testid="command-palette-item"][aria-selected="true"]').getAttribute('data-command-id'))
    .toBe(commandId);
  await page.keyboard.press('Enter');
}
