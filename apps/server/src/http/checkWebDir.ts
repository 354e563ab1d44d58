import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckResult } from './checkModelBundle.ts';

/**
 * Whether `webDir` holds a built web workbench: a directory with an `index.html` (what `vite build` in apps/web
 * writes). Start-up runs it so that a mistyped `--web-dir` stops the server with the reason instead of a workbench
 * that answers 503 on every page.
 *
 * @example
 * const web = await checkWebDir('/opt/verbatim/web');
 * if (!web.ok) console.error(web.message);
 */
export async function checkWebDir(webDir: string): Promise<CheckResult> {
  const dir = await stat(webDir).catch(() => undefined);
  if (dir === undefined) return { ok: false, message: `${webDir} does not exist.` };
  if (!dir.isDirectory()) return { ok: false, message: `${webDir} is not a directory.` };
  const index = await stat(join(webDir, 'index.html')).catch(() => undefined);
  if (!index?.isFile()) return { ok: false, message: `${webDir} has no index.html, so it is not a built workbench.` };
  return { ok: true, message: webDir };
}
