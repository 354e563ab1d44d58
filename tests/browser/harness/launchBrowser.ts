// Real Chromium through playwright-core: Debian's /usr/bin/chromium (CHROMIUM_PATH to override); nothing downloaded.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO } from './startServer.ts';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Screenshots of the main views, kept as test artefacts (git-ignored). */
export const ARTIFACTS = join(REPO, 'tests', 'browser', 'artifacts');

/** Launches Chromium; `extraArgs` go after the defaults (e.g. {@link fakeMicrophoneArgs}). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required', ...extraArgs],
  });
}

/**
 * Chromium flags for a fake microphone that plays `wav` (PCM WAV) in real time from the moment a page opens it,
 * granted without a prompt; `loop: false` plays it once (silence after).
 */
export function fakeMicrophoneArgs(wav: string, options: { loop?: boolean } = {}): string[] {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wav}${options.loop === false ? '%noloop' : ''}`];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
