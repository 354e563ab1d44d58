import type { CaptionJson, CaptionWordJson } from '@verbatim/core/api';
import { describe, expect, it } from 'vitest';
import type { PluginChange } from '../../plugins/PluginChangeStore.ts';
import type { StoredLiveFinal } from '../LiveSessionStore.ts';
import { liveTranscriptWords } from './liveTranscriptWords.ts';

const words = (texts: string[], fromMs: number): CaptionWordJson[] => texts.map((text, i) => ({ text, startMs: fromMs + i * 200, endMs: fromMs + i * 200 + 150, confidence: 0.9 }));
const caption = (seq: number, shown: CaptionWordJson[]): CaptionJson => ({ seq, final: true, text: shown.map((w) => w.text).join(' '), startMs: shown[0]!.startMs, endMs: shown.at(-1)!.endMs, words: shown });
const change = (processorId: string, before: string, after: string, from: number, fromEnd: number, to: number, toEnd: number): PluginChange => ({ pluginId: 'medical', processorId, before, after, from, fromEnd, to, toEnd });

// replays the changes in order over the original words, as the transcript's change records are read
function replay(original: string[], changes: readonly PluginChange[]): string[] {
  const out = [...original];
  for (const c of changes) out.splice(c.to, c.fromEnd - c.from, ...c.after.split(' ').filter((t) => t !== ''));
  return out;
}

describe('liveTranscriptWords', () => {
  it("makes a job's transcript of the finals: shown words, the recogniser's own, the plugins, the changes over all words", () => {
    // two processors: "dose" rewrites "five milligrams" as "5 mg", then "shout" capitalises "mg"
    const finals: StoredLiveFinal[] = [
      {
        caption: caption(0, words(['take', '5', 'MG'], 0)),
        provenance: {
          words: words(['take', 'five', 'milligrams'], 0),
          plugins: [{ id: 'medical', version: '1.0.0' }],
          changes: [change('dose', 'five milligrams', '5 mg', 1, 3, 1, 3), change('shout', 'mg', 'MG', 2, 3, 2, 3)],
        },
      },
      // no plugin touched it (it came before the plugin was enabled, or the plugin failed)
      { caption: caption(1, words(['daily', 'with', 'water'], 700)) },
      {
        caption: caption(2, words(['then', '10', 'MG'], 1400)),
        provenance: {
          words: words(['then', 'ten', 'milli', 'grams'], 1400),
          plugins: [{ id: 'medical', version: '1.0.0' }, { id: 'abbrev', version: '2.0.0' }],
          changes: [change('dose', 'ten milli grams', '10 mg', 1, 4, 1, 3), change('shout', 'mg', 'MG', 2, 3, 2, 3)],
        },
      },
    ];
    const made = liveTranscriptWords(finals, 10);
    const shown = made.segments.flatMap((s) => s.words.map((w) => w.text));
    const original = made.originalSegments.flatMap((s) => s.words.map((w) => w.text));
    expect(shown).toEqual(['take', '5', 'MG', 'daily', 'with', 'water', 'then', '10', 'MG']);
    expect(original).toEqual(['take', 'five', 'milligrams', 'daily', 'with', 'water', 'then', 'ten', 'milli', 'grams']);
    expect(made.originalSegments[0]!.words[1]).toMatchObject({ start: 0.2, end: 0.35 });
    expect(made.plugins).toEqual([{ id: 'abbrev', version: '2.0.0' }, { id: 'medical', version: '1.0.0' }]);
    // processor by processor over the whole transcript, as a job records them
    expect(made.changes.map((c) => [c.processorId, c.from, c.fromEnd, c.to, c.toEnd])).toEqual([
      ['dose', 1, 3, 1, 3],
      ['dose', 7, 10, 7, 9],
      ['shout', 2, 3, 2, 3],
      ['shout', 8, 9, 8, 9],
    ]);
    expect(replay(original, made.changes)).toEqual(shown);
  });

  it('without plugins the original words are the shown ones and nothing is recorded', () => {
    const made = liveTranscriptWords([{ caption: caption(0, words(['hello', 'New York'], 0)) }], 10);
    expect(made.segments.flatMap((s) => s.words.map((w) => w.text))).toEqual(['hello', 'New', 'York']);
    expect(made.originalSegments).toEqual(made.segments);
    expect(made.plugins).toEqual([]);
    expect(made.changes).toEqual([]);
  });
});
