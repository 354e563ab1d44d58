import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseModelJson } from '@verbatim/asr';

/** The sample rate (Hz) an installed model bundle takes, from its model.json (checked as loading it would check it). */
export async function modelSampleRate(bundleDir: string): Promise<number> {
  return parseModelJson(JSON.parse(await readFile(join(bundleDir, 'model.json'), 'utf8'))).sampleRate;
}
