// Statistics vectors (@verbatim/asr statisticsVector) of 1.5 s windows of the diarizer's training speech
// (recipe/verbatim_recipe/diarize/voices.py), one JSON line per window with its person, for trainProjection.py.
//   node diarize/collectStatistics.ts [--data recipe/work/diarize/train] [--out <data>/statistics.jsonl]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENERGY_DIM, SpeakerFeatures, statisticsVector } from '@verbatim/asr';
import { openAudio } from '@verbatim/asr/node';
import { cliArgs } from '../lm/cliArgs.ts';

const here = import.meta.dirname;
const args = cliArgs(process.argv.slice(2), { data: join(here, '..', 'recipe', 'work', 'diarize', 'train'), out: '' }, 'usage: node diarize/collectStatistics.ts [--data <dir>] [--out <file>]');
const dir = resolve(args.data);
const manifest = readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; person: string });
const lines: string[] = [];
for (const [i, u] of manifest.entries()) {
  const features = new SpeakerFeatures(16000);
  const audio = await openAudio(join(dir, `${u.id}.wav`), { sampleRate: 16000 });
  for await (const b of audio.blocks()) features.push(b);
  await audio.dispose();
  const levels = Array.from({ length: features.count }, (_, f) => features.get(f, ENERGY_DIM)).sort((a, b) => a - b);
  const floor = Math.max(levels[Math.floor(levels.length * 0.95)]! - 40, -75);
  // the same windows as SpeakerCollector: 75 frames (1.5 s), hop 38
  for (let start = 0; start + 40 <= features.count; start += 38) {
    const frames: number[] = [];
    for (let f = start; f < Math.min(features.count, start + 75); f++) if (features.get(f, ENERGY_DIM) >= floor) frames.push(f);
    if (frames.length < 40) continue;
    lines.push(JSON.stringify({ person: u.person, id: u.id, v: Array.from(statisticsVector(features, frames), (x) => (Number.isNaN(x) ? null : +x.toFixed(4))) }));
  }
  if ((i + 1) % 200 === 0) console.log(`collect: ${i + 1}/${manifest.length} utterances, ${lines.length} windows`);
}
writeFileSync(args.out || join(dir, 'statistics.jsonl'), `${lines.join('\n')}\n`);
console.log(`collect: ${lines.length} windows of ${new Set(manifest.map((u) => u.person)).size} people`);
