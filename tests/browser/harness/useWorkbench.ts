// The setup most browser test files share: one real server with a seeded project, one Chromium, and pages signed in
// as someone, each in a browser context of its own (separate cookies), all closed when the file ends.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './launchBrowser.ts';
import { seedProject, type SeededProject } from './seedProject.ts';
import { startServer, type RunningServer } from './startServer.ts';
import { openTranscript, signIn } from './workbench.ts';

/** What {@link useWorkbench} sets up; its fields are there from the file's first `beforeAll` on. */
export interface Workbench {
  readonly server: RunningServer;
  readonly seeded: SeededProject;
  readonly browser: Browser;
  /**
   * A page in a browser context of its own (1300x800 unless `options` say otherwise), signed in as `who` when given.
   * Closed with the file.
   */
  open(who?: { email: string; password: string }, options?: BrowserContextOptions): Promise<Page>;
  /**
   * A page signed in as `who` (default: the seeded editor) with the seeded transcript open. `errors` collects the
   * page's uncaught errors from before the sign-in on (console errors too with `consoleErrors`).
   */
  openSeededTranscript(who?: { email: string; password: string }, options?: { consoleErrors?: boolean }): Promise<{ page: Page; errors: string[] }>;
}

/**
 * Registers the file's `beforeAll` (server, seeded project, Chromium) and `afterAll` (every context, the browser, the
 * server). Call it at the top level of a test file, before the file's own hooks, which then run after it.
 *
 * @example
 * const w = useWorkbench();
 * it('...', async () => {
 *   const page = await w.open(w.seeded.editor);
 * });
 */
export function useWorkbench(options: { threshold?: number; serverFlags?: string[] } = {}): Workbench {
  let server: RunningServer | undefined;
  let seeded: SeededProject | undefined;
  let browser: Browser | undefined;
  const contexts: { close(): Promise<void> }[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useWorkbench: the ${what} is not there yet (it is made in beforeAll)`);
    return value;
  };
  beforeAll(async () => {
    server = await startServer(options.serverFlags);
    seeded = await seedProject(server, options.threshold === undefined ? {} : { threshold: options.threshold });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
  });
  const open: Workbench['open'] = async (who, contextOptions = {}) => {
    const context = await ready(browser, 'browser').newContext({ viewport: { width: 1300, height: 800 }, ...contextOptions });
    contexts.push(context);
    const page = await context.newPage();
    if (who !== undefined) await signIn(page, ready(server, 'server').url, who.email, who.password);
    return page;
  };

  return {
    get server() {
      return ready(server, 'server');
    },
    get seeded() {
      return ready(seeded, 'seeded project');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    open,
    async openSeededTranscript(who, openOptions = {}) {
      const s = ready(seeded, 'seeded project');
      const page = await open();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      if (openOptions.consoleErrors) page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      const account = who ?? s.editor;
      await signIn(page, ready(server, 'server').url, account.email, account.password);
      await openTranscript(page, s.projectId, s.mediaId, s.transcriptId);
      return { page, errors };
    },
  };
}
