// The waveform in real Chromium against the real server: the workbench downloads the recording's peaks in the binary
// audiowaveform layout (`?format=dat`, 2 bytes a pixel), not the JSON form, and draws them without a problem.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useWorkbench } from './harness/useWorkbench.ts';

const w = useWorkbench();
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ page, errors } = await w.openSeededTranscript());
});

describe('the waveform’s peaks', () => {
  it('are fetched as .dat and drawn (no "No waveform" problem)', async () => {
    const waveform = page.getByTestId('waveform');
    // wavesurfer draws into canvases in its shadow root once it has the peaks
    await waveform.locator('canvas').first().waitFor({ state: 'attached' });
    const requests = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.includes('/peaks')));
    expect(requests).toEqual([expect.stringMatching(new RegExp(`/api/media/${w.seeded.mediaId}/peaks\\?format=dat$`))]);
    expect(await waveform.getAttribute('title')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('come in under a third of the bytes of the JSON form', async () => {
    const sizes = await page.evaluate(async (path) => {
      const dat = await fetch(`${path}?format=dat`);
      const json = await fetch(path);
      return { type: dat.headers.get('content-type'), dat: (await dat.arrayBuffer()).byteLength, json: (await json.arrayBuffer()).byteLength };
    }, `/api/media/${w.seeded.mediaId}/peaks`);
    expect(sizes.type).toBe('application/vnd.audiowaveform.dat');
    expect(sizes.dat).toBeGreaterThan(24);
    expect(sizes.dat * 3).toBeLessThan(sizes.json);
  });
});
