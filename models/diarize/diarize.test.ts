// The default speaker embedding (the recipe's trained projection) on real synthetic speech: the recipe renders two
// short conversations of held-out voices (espeak-ng/flite, sox), words placed from the reference turns, then
// SpeakerCollector labels them. Real tools, as the recipe's smoke test uses.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpeakerCollector } from '@verbatim/asr';
import { openAudio } from '@verbatim/asr/node';
import { segmentWords, type Word } from '@verbatim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diarizationError } from './der.ts';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const SENTENCES = [
  'the weather was cold and grey all through the long week',
  'she told me the results would be ready by friday morning',
  'we walked along the river until the light began to fade',
  'nobody expected the meeting to last for more than an hour',
  'the old station was closed after the new line opened',
  'he said the numbers looked better than they did last year',
];

interface Reference {
  speakers: unknown[];
  turns: { speaker: string; start: number; end: number; text: string }[];
}

// words spread evenly over each reference turn: the diarizer sees where speech is, as recognised words tell it
function wordsOf(ref: Reference): Word[] {
  return ref.turns
    .flatMap((t) => {
      const texts = t.text.split(/\s+/u);
      const step = (t.end - t.start) / texts.length;
      return texts.map((text, i) => ({ text, start: t.start + i * step, end: t.start + (i + 0.9) * step, confidence: 0.9 }));
    })
    .sort((a, b) => a.start - b.start);
}

describe('speaker diarization of synthetic conversations', () => {
  const root = mkdtempSync(join(tmpdir(), 'verbatim-diarize-'));
  let rendered: { code: number | null; out: string };

  beforeAll(() => {
    mkdirSync(join(root, 'text'));
    for (const name of ['general_dev', 'general_test']) writeFileSync(join(root, 'text', `${name}.txt`), `${SENTENCES.join('\n')}\n`);
    const r = spawnSync(python, ['-m', 'verbatim_recipe.diarize.conversations', '--out', join(root, 'out'), '--text', join(root, 'text'), '--sizes', '1,2', '--per-size', '1', '--tune-per-size', '0', '--seconds', '30'], {
      cwd: join(import.meta.dirname, '..', 'recipe'),
      encoding: 'utf8',
      timeout: 120_000,
    });
    rendered = { code: r.status, out: `${r.stdout}${r.stderr}` };
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function diarize(id: string) {
    const ref = JSON.parse(readFileSync(join(root, 'out', 'test', `${id}.json`), 'utf8')) as Reference;
    const collector = new SpeakerCollector(16000);
    const audio = await openAudio(join(root, 'out', 'test', `${id}.wav`), { sampleRate: 16000 });
    for await (const block of audio.blocks()) collector.push(block);
    await audio.dispose();
    const result = collector.assign(segmentWords(wordsOf(ref)), 'auto');
    const der = diarizationError(ref.turns, result.segments.map((s) => ({ speaker: s.speaker!, start: s.start, end: s.end })));
    return { ref, result, der };
  }

  it('renders conversations with a reference of who spoke when', () => {
    expect(rendered.code, rendered.out).toBe(0);
    expect(rendered.out).toMatch(/test-2p-00: 2 people, \d+ turns/);
  });

  it('finds one speaker where one person talks', async () => {
    const { result, der } = await diarize('test-1p-00');
    expect(result.speakers).toBe(1);
    expect(der.der).toBeLessThan(0.1);
  });

  it('tells two held-out voices apart, turn by turn', async () => {
    const { ref, result, der } = await diarize('test-2p-00');
    expect(ref.speakers).toHaveLength(2);
    expect(result.speakers).toBe(2);
    expect(der.der, JSON.stringify(der)).toBeLessThan(0.15);
  });
});
