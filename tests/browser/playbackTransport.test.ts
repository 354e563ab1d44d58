// Playback without knowing the keys: a transport under the waveform (play/pause, time / duration, speed), a click on a
// word plays it, a turn's time plays from there, the status bar shows ▶ while paused and ❚❚ while playing, and a
// word's confidence shows on hover.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './harness/launchBrowser.ts';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();
let page: Page;

beforeAll(async () => {
  ({ page } = await w.openSeededTranscript());
});

const playButton = () => page.getByTestId('transport-play');
const playing = async () => (await playButton().getAttribute('aria-label')) === 'Pause';
const transportSeconds = async () => {
  const [h, m, s] = (await page.getByTestId('transport-time').innerText()).split(' / ')[0]!.split(':').map(Number);
  return h! * 3600 + m! * 60 + s!;
};
const status = () => page.getByTestId('status-playback-time');
const words = () => page.locator('[data-testid="transcript-editor"]:visible span[data-word]');

describe('playback in the editor', () => {
  it('has a visible transport: play/pause, time / duration and speed, and the status bar shows the state', async () => {
    await playButton().waitFor();
    expect(await playing()).toBe(false);
    expect(await page.getByTestId('transport-time').innerText()).toMatch(/^00:00:00 \/ 00:00:(0[1-9]|[1-5]\d)$/);
    expect(await status().innerText()).toMatch(/^▶ 00:00:00 /);

    await playButton().click();
    await expect.poll(playing).toBe(true);
    await expect.poll(() => status().innerText()).toMatch(/^❚❚ /);
    await expect.poll(transportSeconds, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'transport-playing');
    await playButton().click();
    await expect.poll(playing).toBe(false);
    await expect.poll(() => status().innerText()).toMatch(/^▶ /);

    await page.getByTestId('transport-rate').selectOption('1.5');
    await expect.poll(() => status().innerText()).toMatch(/ 1\.5x$/);
    // F3 (slower) moves the same control
    await words().first().click();
    await page.keyboard.press('F3');
    await expect.poll(() => page.getByTestId('transport-rate').inputValue()).toBe('1.4');
  });

  it('a click on a word plays it with a little context, then stops', async () => {
    await expect.poll(playing).toBe(false);
    const word = words().nth(8);
    const start = Number(await word.getAttribute('data-start'));
    await word.click();
    await expect.poll(playing, { timeout: 5_000 }).toBe(true);
    await expect.poll(playing, { timeout: 10_000 }).toBe(false);
    expect(await transportSeconds()).toBeGreaterThanOrEqual(Math.floor(start));
    expect(await transportSeconds()).toBeLessThanOrEqual(Math.ceil(start) + 3);
  });

  it('a turn\'s time plays from there, as its tooltip says', async () => {
    // away from the turn's start first
    await page.getByRole('button', { name: 'Skip forward 3 seconds' }).click();
    await expect.poll(transportSeconds).toBeGreaterThanOrEqual(3);
    const time = page.getByTestId('turn-time').first();
    expect(await time.getAttribute('title')).toMatch(/^Play from here/);
    expect(await time.innerText()).toBe('00:00:00');
    await time.click();
    await expect.poll(playing, { timeout: 5_000 }).toBe(true);
    expect(await transportSeconds()).toBeLessThanOrEqual(1);
    await playButton().click();
    await expect.poll(playing).toBe(false);
  });

  it('shows a word\'s confidence when the pointer rests on it', async () => {
    const word = words().nth(3);
    const conf = Number(await word.getAttribute('data-conf'));
    await word.hover();
    expect(await word.getAttribute('title')).toContain(`Confidence ${Math.round(conf * 100)}%`);
  });
});
