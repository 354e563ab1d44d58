// How the workbench looks and who can use it: a light theme that follows the system unless one is chosen in Settings,
// a phone-width layout (390 px) with the side bar as a drawer and nothing wider than the screen, an axe-core scan of
// the main views in both themes with no serious or critical violation, and screenshots of the new views at desktop
// (1280x800) and phone (390x844) width in tests/browser/artifacts/ (git-ignored, like every screenshot of the tests).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations, type AxeViolation } from './harness/axeScan.ts';
import { screenshot } from './harness/launchBrowser.ts';
import { sidewaysOverflow } from './harness/noSidewaysScroll.ts';
import { openTranscriptItem } from './harness/openTranscriptItem.ts';
import { openTranscript, signIn, waitForWords } from './harness/workbench.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const w = useWorkbench();

function newPage(options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; phone?: boolean } = {}): Promise<Page> {
  return w.open(undefined, {
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? 'light',
    ...(options.phone ? { hasTouch: true, isMobile: true } : {}),
  });
}

/** The page's background colour as drawn. */
function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

const WHITE = 'rgb(255, 255, 255)';
const DARK = 'rgb(31, 31, 31)';

function report(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target}\n    ${n.summary.replace(/\n/g, '\n    ')}`).join('\n')}`).join('\n');
}


describe('the colour theme', () => {
  it('follows the system\'s setting, from the sign-in page on', async () => {
    const light = await newPage({ colorScheme: 'light' });
    await light.goto(w.server.url);
    await light.getByTestId('login-email').waitFor();
    expect(await background(light)).toBe(WHITE);
    const dark = await newPage({ colorScheme: 'dark' });
    await dark.goto(w.server.url);
    await dark.getByTestId('login-email').waitFor();
    expect(await background(dark)).toBe(DARK);
    // and changes with it
    await light.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => background(light)).toBe(DARK);
  });

  it('keeps a theme chosen in Settings over the system\'s, across a reload, until the system\'s is chosen again', async () => {
    const page = await newPage({ colorScheme: 'light' });
    await signIn(page, w.server.url, w.seeded.editor.email, w.seeded.editor.password);
    expect(await background(page)).toBe(WHITE);
    await page.getByTestId('account-menu').click();
    await page.getByTestId('open-settings').click();
    await page.locator('[data-testid="theme-choice"][value="dark"]').check();
    expect(await background(page)).toBe(DARK);
    await page.reload();
    await page.getByTestId('activity-explorer').waitFor();
    expect(await background(page)).toBe(DARK);
    await page.getByTestId('account-menu').click();
    await page.getByTestId('open-settings').click();
    await page.locator('[data-testid="theme-choice"][value="system"]').check();
    expect(await background(page)).toBe(WHITE);
    await page.locator('[data-testid="theme-choice"][value="light"]').check();
    await screenshot(page, 'settings-light-desktop');
  });
});

describe('at phone width (390 px)', () => {
  it('shows the side bar as a drawer and never scrolls sideways, from the sign-in to an open transcript', async () => {
    const page = await newPage({ viewport: PHONE, phone: true });
    await page.goto(w.server.url);
    await page.getByTestId('login-email').waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await signIn(page, w.server.url, w.seeded.admin.user.email, w.server.admin.password);
    // the drawer starts closed: the editor area has the screen
    expect(await page.locator('#sidebar').count()).toBe(0);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

    await openTranscriptItem(page, { projectId: w.seeded.projectId, mediaId: w.seeded.mediaId, transcriptId: w.seeded.transcriptId });
    await waitForWords(page, w.seeded.transcriptId);
    // opening a transcript closes the drawer over it
    await expect.poll(() => page.locator('#sidebar').count()).toBe(0);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    const editor = (await page.locator('[data-testid="transcript-editor"]:visible').boundingBox())!;
    expect(editor.x).toBeGreaterThanOrEqual(0);
    expect(editor.x + editor.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'editor-phone');

    await page.getByTestId('activity-explorer').click();
    const drawer = (await page.locator('#sidebar').boundingBox())!;
    expect(drawer.x + drawer.width).toBeLessThanOrEqual(PHONE.width);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'explorer-drawer-phone');
    // a tap beside the drawer (on the editor's dimmed strip) closes it
    const backdrop = (await page.getByTestId('drawer-backdrop').boundingBox())!;
    await page.getByTestId('drawer-backdrop').click({ position: { x: backdrop.width - 8, y: 400 } });
    await expect.poll(() => page.locator('#sidebar').count()).toBe(0);

    for (const [item, name] of [['open-accounts', 'accounts-phone'], ['open-settings', 'settings-phone']] as const) {
      await page.getByTestId('account-menu').click();
      await page.getByTestId(item).click();
      await page.getByTestId(item === 'open-accounts' ? 'accounts-view' : 'settings-view').waitFor();
      await page.waitForTimeout(100);
      expect(await sidewaysOverflow(page), name).toBeLessThanOrEqual(0);
      await screenshot(page, name);
    }
  });
});

describe('the accessibility scan (axe-core)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    it(`finds no serious or critical violation on the main views, ${scheme} theme`, async () => {
      const page = await newPage({ colorScheme: scheme });
      const found: string[] = [];
      const scan = async (view: string) => {
        const violations = await seriousViolations(page);
        if (violations.length > 0) found.push(`${view}:\n${report(violations)}`);
      };

      await page.goto(w.server.url);
      await page.getByTestId('login-email').waitFor();
      await scan('sign-in');

      await signIn(page, w.server.url, w.seeded.admin.user.email, w.server.admin.password);
      await page.locator(`[data-testid="media-item"][data-media-id="${w.seeded.mediaId}"]`).waitFor();
      await scan('explorer');

      await openTranscript(page, w.seeded.projectId, w.seeded.mediaId, w.seeded.transcriptId);
      await page.locator('[data-testid="waveform"] canvas, [data-testid="waveform"]').first().waitFor();
      await scan('editor with a transcript');
      if (scheme === 'light') await screenshot(page, 'editor-light-desktop');

      await page.getByTestId('activity-review').click();
      await page.locator('#sidebar').waitFor();
      await page.waitForTimeout(300);
      await scan('review');

      await page.getByTestId('account-menu').click();
      await page.getByTestId('open-accounts').click();
      await page.getByTestId('account-row').first().waitFor();
      await scan('accounts');
      await screenshot(page, `accounts-${scheme}-desktop`);

      expect(found.join('\n\n')).toBe('');
    });
  }
});
