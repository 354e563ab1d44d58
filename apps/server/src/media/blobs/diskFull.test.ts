// A full disk under the media directory, for real: a small tmpfs mounted for the test (as root, which CI is); skipped
// where this process may not mount one, as a non-root developer's machine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setUpMediaTest, type MediaTest } from '../../../test/mediaTestFixtures.ts';
import { errorOf } from '../../../test/testServer.ts';

const dir = mkdtempSync(join(tmpdir(), 'vwb-disk-full-'));
const mediaDir = join(dir, 'media');
mkdirSync(mediaDir);

function mountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    // 512 KiB: the speech clip and its peaks fit, 20 s of 16 kHz audio (640 kB) does not
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', mediaDir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const mounted = mountTmpfs();
let media: MediaTest;

beforeAll(async () => {
  if (mounted) media = await setUpMediaTest(1024 ** 3, { mediaDir });
});

afterAll(async () => {
  await media?.close();
  if (mounted) execFileSync('umount', [mediaDir]);
  rmSync(dir, { recursive: true, force: true });
});

it.skipIf(!mounted)('an upload the disk has no room for is refused with 507, nothing of it kept, and the server goes on', async () => {
  const response = await media.upload(media.owner, [[media.longWav, 'long.wav']]);
  expect(await errorOf(response)).toEqual({
    status: 507,
    code: 'storage-refused',
    message: 'The upload could not be stored: the disk is full. Nothing was kept; ask the administrator to free space on the media storage, then send it again.',
  });
  expect(readdirSync(join(mediaDir, 'tmp'))).toEqual([]);
  expect(await media.listIds()).toEqual([]);
  // the space is back: the next upload that fits is stored
  const [stored] = await media.uploaded(await media.upload(media.owner, [[media.speechWav, 'speech.wav']]));
  expect((await media.get(media.owner, `/api/media/${stored!.id}/audio`)).status).toBe(200);
  expect(readdirSync(join(mediaDir, 'tmp'))).toEqual([]);
}, 60_000);
