import type { Page } from 'playwright-core';

/** How far the page (or anything in it that the viewport cannot show) reaches past the right edge, in CSS px. */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return Math.max(root.scrollWidth, document.body.scrollWidth) - window.innerWidth;
  });
}
