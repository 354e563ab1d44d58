import { createEditor, type Editor } from 'slate';
import { describe, expect, it } from 'vitest';
import { buildTurn } from './buildTurn.ts';
import { listSpeakers } from './listSpeakers.ts';
import { renameSpeakerEverywhere } from './renameSpeakerEverywhere.ts';
import type { TurnElement } from './transcriptTypes.ts';

function editorOf(...speakers: string[]): Editor {
  const editor = createEditor();
  editor.children = speakers.map((speaker, i) => buildTurn(speaker, [[`word${i}`, i, i + 0.5]]));
  return editor;
}
const names = (editor: Editor) => editor.children.map((t) => (t as TurnElement).speaker);

describe('speakers of a transcript', () => {
  it('lists them in the order they first speak, with their paragraphs', () => {
    expect(listSpeakers(editorOf('Speaker 2', 'Speaker 1', 'Speaker 2', 'Speaker 2').children)).toEqual([
      { name: 'Speaker 2', turns: 3 },
      { name: 'Speaker 1', turns: 1 },
    ]);
  });

  it('renames a speaker in every paragraph, in one batch of operations', () => {
    const editor = editorOf('Speaker 1', 'Speaker 2', 'Speaker 1', 'Speaker 1');
    const before = editor.operations.length;
    expect(renameSpeakerEverywhere(editor, 'Speaker 1', '  Ann ')).toBe(3);
    expect(names(editor)).toEqual(['Ann', 'Speaker 2', 'Ann', 'Ann']);
    expect(editor.operations.slice(before).map((op) => op.type)).toEqual(['set_node', 'set_node', 'set_node']);
  });

  it('merges a speaker into another by giving it the other\'s name, and ignores empty or unchanged names', () => {
    const editor = editorOf('Ann', 'Speaker 2', 'Ann', 'Speaker 2');
    expect(renameSpeakerEverywhere(editor, 'Speaker 2', 'Ann')).toBe(2);
    expect(listSpeakers(editor.children)).toEqual([{ name: 'Ann', turns: 4 }]);
    expect(renameSpeakerEverywhere(editor, 'Ann', ' ')).toBe(0);
    expect(renameSpeakerEverywhere(editor, 'Ann', 'Ann')).toBe(0);
    expect(renameSpeakerEverywhere(editor, 'Nobody', 'Ann')).toBe(0);
  });
});
