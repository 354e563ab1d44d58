import { createEditor, type Editor, Node, Transforms } from 'slate';
import { describe, expect, it } from 'vitest';
import { buildTurn } from './buildTurn.ts';
import { renameSpeaker } from './renameSpeaker.ts';
import { type TurnElement, wordOf } from './transcriptTypes.ts';
import { withTranscriptTiming } from './withTranscriptTiming.ts';

function editorWith(...turns: TurnElement[]): Editor {
  const editor = withTranscriptTiming(createEditor());
  editor.children = turns;
  return editor;
}

// every paragraph as its words: [text, start, end, origin]
function words(editor: Editor): Array<Array<[string, number, number, string]>> {
  return editor.children.map((turn) =>
    (turn as TurnElement).children.flatMap((n) => {
      const w = wordOf(n);
      return w ? [[w.text, w.start, w.end, w.origin] as [string, number, number, string]] : [];
    }),
  );
}

function textOf(editor: Editor): string[] {
  return editor.children.map((n) => Node.string(n));
}

const sample = () =>
  editorWith(
    buildTurn('Anna', [
      ['the', 0, 0.2],
      ['patient', 0.3, 0.9, 0.4],
      ['said', 2, 2.4],
    ]),
    buildTurn('Ben', [
      ['yes', 3, 3.2],
      ['indeed', 3.3, 3.8],
    ]),
  );

describe('withTranscriptTiming: typing', () => {
  it('keeps a word\'s times when a letter is typed inside it, and marks it human', () => {
    const editor = sample();
    Transforms.select(editor, { path: [0, 2], offset: 3 });
    editor.insertText('X');
    expect(textOf(editor)[0]).toBe('the patXient said');
    expect(words(editor)[0]![1]).toEqual(['patXient', 0.3, 0.9, 'human']);
    expect(wordOf(Node.get(editor, [0, 2]))!.conf).toBe(0.4);
    expect(words(editor)[0]![0]![3]).toBe('asr');
  });

  it('extends a word when typing against its end or its start', () => {
    const editor = sample();
    Transforms.select(editor, { path: [0, 2], offset: 7 });
    editor.insertText('s');
    expect(words(editor)[0]![1]).toEqual(['patients', 0.3, 0.9, 'human']);
    // caret at the end of the space before "said" types into "said"
    Transforms.select(editor, { path: [0, 3], offset: 1 });
    editor.insertText('un');
    expect(words(editor)[0]![2]).toEqual(['unsaid', 2, 2.4, 'human']);
  });

  it('gives a new word between words times interpolated in the gap, confidence 1, origin human', () => {
    const editor = sample();
    // "patient| said": a space, then a word
    Transforms.select(editor, { path: [0, 2], offset: 7 });
    editor.insertText(' ');
    editor.insertText('n');
    editor.insertText('ever');
    expect(textOf(editor)[0]).toBe('the patient never said');
    expect(words(editor)[0]).toEqual([
      ['the', 0, 0.2, 'asr'],
      ['patient', 0.3, 0.9, 'asr'],
      ['never', 0.9, 2, 'human'],
      ['said', 2, 2.4, 'asr'],
    ]);
    const never = (editor.children[0] as TurnElement).children.map(wordOf).find((w) => w?.text === 'never')!;
    expect(never.conf).toBe(1);
  });

  it('splits a word when a space is typed inside it, each half keeping its share of the time', () => {
    const editor = sample();
    Transforms.select(editor, { path: [1, 2], offset: 2 });
    editor.insertText(' ');
    expect(textOf(editor)[1]).toBe('yes in deed');
    expect(words(editor)[1]).toEqual([
      ['yes', 3, 3.2, 'asr'],
      ['in', 3.3, 3.467, 'human'],
      ['deed', 3.467, 3.8, 'human'],
    ]);
  });

  it('splits pasted plain text into words sharing the gap in proportion to their length', () => {
    const editor = editorWith(buildTurn('Anna', [['one', 0, 1], ['five', 4, 5]]));
    Transforms.select(editor, { path: [0, 0], offset: 3 });
    // as a paste arrives: a leading space, a line break inside
    editor.insertText(' two\nthree fo');
    expect(textOf(editor)[0]).toBe('one two three fo five');
    expect(words(editor)[0]).toEqual([
      ['one', 0, 1, 'asr'],
      ['two', 1, 1.9, 'human'],
      ['three', 1.9, 3.4, 'human'],
      ['fo', 3.4, 4, 'human'],
      ['five', 4, 5, 'asr'],
    ]);
  });

  it('pastes through insertFragment as plain text (copied words do not bring their old times)', () => {
    const editor = sample();
    Transforms.select(editor, { path: [1, 0], offset: 3 });
    editor.insertText(' ');
    editor.insertFragment([buildTurn('X', [['old', 50, 51]])]);
    expect(textOf(editor)[1]).toBe('yes old indeed');
    expect(words(editor)[1]![1]).toEqual(['old', 3.2, 3.3, 'human']);
  });

  it('keeps a selected word\'s times when a correction is typed over it', () => {
    const editor = sample();
    Transforms.select(editor, { anchor: { path: [0, 2], offset: 0 }, focus: { path: [0, 2], offset: 7 } });
    editor.insertText('p');
    editor.insertText('ation');
    expect(textOf(editor)[0]).toBe('the pation said');
    expect(words(editor)[0]![1]).toEqual(['pation', 0.3, 0.9, 'human']);
  });

  it('spreads a replaced word\'s time over the words typed in its place', () => {
    const editor = sample();
    // a selection that reaches the end of the space before the word still selects one word
    Transforms.select(editor, { anchor: { path: [0, 1], offset: 1 }, focus: { path: [0, 2], offset: 7 } });
    editor.insertText('in patient');
    expect(textOf(editor)[0]).toBe('the in patient said');
    expect(words(editor)[0]).toEqual([
      ['the', 0, 0.2, 'asr'],
      ['in', 0.3, 0.433, 'human'],
      ['patient', 0.433, 0.9, 'human'],
      ['said', 2, 2.4, 'asr'],
    ]);
  });
});

describe('withTranscriptTiming: typing over several words', () => {
  const heart = () =>
    editorWith(
      buildTurn('Anna', [
        ['atrial', 5, 5.6, 0.9],
        ['real', 5.68, 5.9, 0.3],
        ['firea', 6, 6.2, 0.2],
        ['tion', 6.32, 6.52, 0.4],
        ['and', 6.6, 6.7, 0.9],
      ]),
    );

  it('gives a word typed over a selection of several words the span from the first start to the last end', () => {
    const editor = heart();
    // "real firea tion" selected as a double-click and shift-click would
    Transforms.select(editor, { anchor: { path: [0, 2], offset: 0 }, focus: { path: [0, 6], offset: 4 } });
    editor.insertText('f');
    for (const letter of 'ibrillation') editor.insertText(letter);
    expect(textOf(editor)[0]).toBe('atrial fibrillation and');
    expect(words(editor)[0]).toEqual([
      ['atrial', 5, 5.6, 'asr'],
      ['fibrillation', 5.68, 6.52, 'human'],
      ['and', 6.6, 6.7, 'asr'],
    ]);
    // the lowest confidence of the words it replaced
    expect(wordOf(Node.get(editor, [0, 2]))!.conf).toBe(0.2);
  });

  it('does so for a selection made backwards, and one from inside the first word to inside the last', () => {
    const editor = heart();
    Transforms.select(editor, { anchor: { path: [0, 6], offset: 4 }, focus: { path: [0, 2], offset: 0 } });
    editor.insertText('fibrillation');
    expect(words(editor)[0]![1]).toEqual(['fibrillation', 5.68, 6.52, 'human']);

    const inside = heart();
    // "re[al firea ti]on": the parts left outside the selection stay in the one word typed
    Transforms.select(inside, { anchor: { path: [0, 2], offset: 2 }, focus: { path: [0, 6], offset: 2 } });
    inside.insertText('X');
    expect(textOf(inside)[0]).toBe('atrial reXon and');
    expect(words(inside)[0]).toEqual([
      ['atrial', 5, 5.6, 'asr'],
      ['reXon', 5.68, 6.52, 'human'],
      ['and', 6.6, 6.7, 'asr'],
    ]);
  });

  it('spreads the span over several words typed in its place', () => {
    const editor = heart();
    Transforms.select(editor, { anchor: { path: [0, 2], offset: 0 }, focus: { path: [0, 6], offset: 4 } });
    editor.insertText('fib rillation');
    expect(words(editor)[0]!.slice(1, 3)).toEqual([
      ['fib', 5.68, 5.89, 'human'],
      ['rillation', 5.89, 6.52, 'human'],
    ]);
  });

  it('gives the first of several words pasted from inside one word to inside another the first start, the last the last end', () => {
    const editor = heart();
    // "re[al firea ti]on" replaced by three words: "re" joins the first, "on" the last
    Transforms.select(editor, { anchor: { path: [0, 2], offset: 2 }, focus: { path: [0, 6], offset: 2 } });
    editor.insertText('ar fib ill');
    expect(textOf(editor)[0]).toBe('atrial rear fib illon and');
    expect(words(editor)[0]).toEqual([
      ['atrial', 5, 5.6, 'asr'],
      // shares in proportion to the letters typed (2, 3, 3)
      ['rear', 5.68, 5.89, 'human'],
      ['fib', 5.89, 6.205, 'human'],
      ['illon', 6.205, 6.52, 'human'],
      ['and', 6.6, 6.7, 'asr'],
    ]);
  });

  it('pastes (insertFragment) several words over several words within their span', () => {
    const editor = heart();
    Transforms.select(editor, { anchor: { path: [0, 2], offset: 0 }, focus: { path: [0, 6], offset: 4 } });
    editor.insertFragment([buildTurn('X', [['fib', 50, 51], ['rill', 51, 52], ['ation', 52, 53]])]);
    expect(textOf(editor)[0]).toBe('atrial fib rill ation and');
    const typed = words(editor)[0]!.slice(1, 4);
    expect(typed.map(([text]) => text)).toEqual(['fib', 'rill', 'ation']);
    expect(typed[0]![1]).toBe(5.68);
    expect(typed[2]![2]).toBe(6.52);
    // consecutive, in order, none outside the span
    typed.forEach(([, start, end], i) => {
      expect(start).toBeLessThanOrEqual(end);
      if (i > 0) expect(start).toBe(typed[i - 1]![2]);
    });
  });

  it('replaces a selection reaching into the next turn by one word spanning both ends, the turns merged', () => {
    const editor = sample();
    // "pa[tient said / y]es"
    Transforms.select(editor, { anchor: { path: [0, 2], offset: 2 }, focus: { path: [1, 0], offset: 1 } });
    editor.insertText('X');
    expect(textOf(editor)).toEqual(['the paXes indeed']);
    expect(words(editor)[0]).toEqual([
      ['the', 0, 0.2, 'asr'],
      ['paXes', 0.3, 3.2, 'human'],
      ['indeed', 3.3, 3.8, 'asr'],
    ]);
  });
});

describe('withTranscriptTiming: deleting', () => {
  it('keeps a word\'s times when a character is deleted inside it, and marks it human', () => {
    const editor = sample();
    Transforms.select(editor, { path: [0, 2], offset: 4 });
    editor.deleteBackward('character');
    expect(words(editor)[0]![1]).toEqual(['patent', 0.3, 0.9, 'human']);
  });

  it('makes two words one when the space between them is deleted', () => {
    const editor = sample();
    Transforms.select(editor, { path: [0, 4], offset: 0 });
    editor.deleteBackward('character');
    expect(textOf(editor)[0]).toBe('the patientsaid');
    expect(words(editor)[0]).toEqual([
      ['the', 0, 0.2, 'asr'],
      ['patientsaid', 0.3, 2.4, 'human'],
    ]);
    expect(wordOf(Node.get(editor, [0, 2]))!.conf).toBe(0.4);
  });

  it('deletes a whole selected word without touching its neighbours', () => {
    const editor = sample();
    Transforms.select(editor, { anchor: { path: [0, 1], offset: 0 }, focus: { path: [0, 2], offset: 7 } });
    editor.deleteFragment();
    expect(textOf(editor)[0]).toBe('the said');
    expect(words(editor)[0]).toEqual([
      ['the', 0, 0.2, 'asr'],
      ['said', 2, 2.4, 'asr'],
    ]);
  });
});

describe('withTranscriptTiming: turns', () => {
  it('splits a turn at the caret (Enter): same speaker, start = the next word\'s start, no stray spaces', () => {
    const editor = sample();
    Transforms.select(editor, { path: [0, 3], offset: 1 });
    editor.insertBreak();
    expect(textOf(editor)).toEqual(['the patient', 'said', 'yes indeed']);
    const [first, second] = editor.children as TurnElement[];
    expect([first!.speaker, first!.start]).toEqual(['Anna', 0]);
    expect([second!.speaker, second!.start]).toEqual(['Anna', 2]);
    expect(words(editor)[1]).toEqual([['said', 2, 2.4, 'asr']]);
    expect(editor.selection?.anchor).toEqual({ path: [1, 0], offset: 0 });
  });

  it('splits the word under the caret when Enter is pressed inside it', () => {
    const editor = sample();
    Transforms.select(editor, { path: [1, 2], offset: 2 });
    editor.insertBreak();
    expect(textOf(editor)).toEqual(['the patient said', 'yes in', 'deed']);
    expect((editor.children[2] as TurnElement).start).toBe(3.467);
    expect(words(editor)[2]).toEqual([['deed', 3.467, 3.8, 'human']]);
  });

  it('does not split before the first or after the last word', () => {
    const editor = sample();
    Transforms.select(editor, { path: [0, 4], offset: 4 });
    editor.insertBreak();
    Transforms.select(editor, { path: [1, 0], offset: 0 });
    editor.insertBreak();
    expect(textOf(editor)).toEqual(['the patient said', 'yes indeed']);
  });

  it('merges a turn into the previous one on Backspace at its start, keeping every timing', () => {
    const editor = sample();
    Transforms.select(editor, { path: [1, 0], offset: 0 });
    editor.deleteBackward('character');
    expect(textOf(editor)).toEqual(['the patient said yes indeed']);
    const [merged] = editor.children as TurnElement[];
    expect([merged!.speaker, merged!.start]).toEqual(['Anna', 0]);
    expect(words(editor)[0]!.map((w) => [w[1], w[2]])).toEqual([
      [0, 0.2],
      [0.3, 0.9],
      [2, 2.4],
      [3, 3.2],
      [3.3, 3.8],
    ]);
    expect(Node.string(Node.get(editor, editor.selection!.anchor.path))).toBe('yes');
  });

  it('merges the next turn on Delete at a turn\'s end', () => {
    const editor = sample();
    Transforms.select(editor, { path: [0, 4], offset: 4 });
    editor.deleteForward('character');
    expect(textOf(editor)).toEqual(['the patient said yes indeed']);
  });

  it('split then merge gives back the same words and times', () => {
    const editor = sample();
    const before = words(editor).flat();
    Transforms.select(editor, { path: [0, 2], offset: 0 });
    editor.insertBreak();
    editor.deleteBackward('character');
    expect(words(editor).flat()).toEqual(before);
    expect(textOf(editor)).toEqual(['the patient said', 'yes indeed']);
  });

  it('renames the speaker of one paragraph, or of the paragraphs of its turn', () => {
    const editor = editorWith(
      buildTurn('Anna', [['a', 0, 1]]),
      buildTurn('Anna', [['b', 1, 2]]),
      buildTurn('Ben', [['c', 2, 3]]),
      buildTurn('Anna', [['d', 3, 4]]),
    );
    expect(renameSpeaker(editor, 1, ' Dr. Smith ')).toBe(1);
    expect((editor.children as TurnElement[]).map((t) => t.speaker)).toEqual(['Anna', 'Dr. Smith', 'Ben', 'Anna']);
    expect(renameSpeaker(editor, 1, 'Anna', { wholeTurn: true })).toBe(1);
    expect(renameSpeaker(editor, 0, 'Dr. Jones', { wholeTurn: true })).toBe(2);
    expect((editor.children as TurnElement[]).map((t) => t.speaker)).toEqual(['Dr. Jones', 'Dr. Jones', 'Ben', 'Anna']);
    expect(renameSpeaker(editor, 2, '   ')).toBe(0);
  });
});
