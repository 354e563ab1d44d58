// The keystroke probe's floor on this machine: the same probe and typing as the editor benchmark, on a bare
// contenteditable sentence with no script at all. The probe times a keystroke until the frame after it is painted,
// so it can never read less than the wait for the next frame (up to 16.7 ms at 60 Hz) plus the browser's own work.
import type { Browser } from 'playwright-core';
import { installKeystrokeProbe, keystrokeLatencies, quantile, typeProbeKeys } from './pageProbes.ts';

export interface ProbeFloor {
  keystrokes: number;
  p50: number;
  p95: number;
  p99: number;
}

const PAGE = '<!doctype html><html><body><div id="text" contenteditable="true" style="font:16px sans-serif;padding:2rem">The interview started at ten in the morning and we talked about the rent.</div></body></html>';

/** Types `keystrokes` characters (40 ms apart, as the editor benchmark does) into a bare contenteditable. */
export async function measureProbeFloor(browser: Browser, keystrokes: number): Promise<ProbeFloor> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.setContent(PAGE);
    await page.locator('#text').click();
    await installKeystrokeProbe(page);
    await typeProbeKeys(page, keystrokes);
    await page.waitForTimeout(300);
    const lat = await keystrokeLatencies(page);
    return { keystrokes: lat.length, p50: quantile(lat, 0.5), p95: quantile(lat, 0.95), p99: quantile(lat, 0.99) };
  } finally {
    await context.close();
  }
}
