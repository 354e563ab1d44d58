import { type KeyboardEvent, memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Node, Transforms } from 'slate';
import { ReactEditor, type RenderElementProps, useSlateStatic } from 'slate-react';
import { renameSpeaker } from '../editor/renameSpeaker.ts';
import type { TurnElement } from '../editor/transcriptTypes.ts';
import { countFlagged } from '../review/collectFlagged.ts';
import { formatTimecode } from '../waveform/timecode.ts';
import type { LiveParagraphs } from './LiveParagraphs.ts';
import { staticWordsHtml, type WordLook } from './staticWords.ts';
import { useTranscriptView } from './TranscriptViewContext.ts';

/**
 * A paragraph: a non-editable gutter with the speaker's name (an input that renames the turn), the start time (click
 * plays from there; Alt+click sets it to the playback position) and the count of flagged words, then the words:
 * Slate's leaves while `paragraphs` has it live, else the same word spans as static, non-editable markup (no React
 * component per word; see LiveParagraphs). Offscreen paragraphs skip layout and paint with their chunk
 * (`content-visibility: auto`) but stay in the DOM, so the browser's find-in-page still finds their text.
 */
export function TurnView({ attributes, children, element, look, paragraphs }: RenderElementProps & { look: WordLook; paragraphs: LiveParagraphs | undefined }) {
  const editor = useSlateStatic();
  const view = useTranscriptView();
  const turn = element as TurnElement;
  const flagged = countFlagged(turn, look.threshold);
  const [live, setLive] = useState(() => !paragraphs || paragraphs.wanted(element));
  const own = useRef<HTMLDivElement | null>(null);
  const slateRef = attributes.ref as (element: HTMLDivElement | null) => void;
  const ref = useCallback(
    (div: HTMLDivElement | null) => {
      own.current = div;
      slateRef(div);
    },
    [slateRef],
  );
  // registered once for the component's life (its slate-react key outlives edits of the paragraph)
  const first = useRef({ element, live });
  useLayoutEffect(() => (paragraphs && own.current ? paragraphs.mount(first.current.element, own.current, first.current.live, setLive) : undefined), [paragraphs]);
  // (an empty paragraph stays live: Slate draws its line)
  const html = useMemo(() => (live || Node.string(turn) === '' ? undefined : staticWordsHtml(turn, look)), [live, turn, look]);
  const pathOf = () => ReactEditor.findPath(editor, element);
  const onTime = (e: { altKey: boolean }) => {
    if (e.altKey && view.canEdit) Transforms.setNodes(editor, { start: Math.round(view.currentTime() * 1000) / 1000 }, { at: pathOf() });
    else view.playFrom(turn.start);
  };
  return (
    <div {...attributes} ref={ref} className="vb-turn" data-turn="" data-live={live ? 'true' : 'false'} style={{ containIntrinsicSize: `auto ${estimatedTurnHeight(turn)}px` }}>
      <div className="vb-turn-head" contentEditable={false}>
        <SpeakerLabel key={turn.speaker} speaker={turn.speaker} readOnly={!view.canEdit} onRename={(name) => renameSpeaker(editor, pathOf()[0]!, name)} />
        <button type="button" className="vb-turn-time" data-testid="turn-time" title="Play from here (Alt+click: set to the playback position)" onClick={onTime}>
          {formatTimecode(turn.start)}
        </button>
        {flagged > 0 ? (
          <span className="vb-turn-flagged" data-testid="turn-flagged" title={`${flagged} flagged word${flagged === 1 ? '' : 's'} in this turn`}>
            ⚑ {flagged}
          </span>
        ) : null}
      </div>
      {html === undefined ? (
        <div key="live" className="vb-turn-text">
          {children}
        </div>
      ) : (
        <div key="static" className="vb-turn-text" data-static-words="" contentEditable={false} dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </div>
  );
}

/**
 * The height a paragraph is drawn with until the browser has laid it out once (then it remembers the real one), and
 * that of a chunk of paragraphs not rendered yet.
 */
export function estimatedTurnHeight(turn: TurnElement): number {
  // a word and its separator are two leaves; about 12 words to a line
  return Math.max(1, Math.ceil(turn.children.length / 24)) * 26 + 12;
}

const SpeakerLabel = memo(function SpeakerLabel({ speaker, readOnly, onRename }: { speaker: string; readOnly: boolean; onRename: (name: string) => void }) {
  const [value, setValue] = useState(speaker);
  const commit = () => {
    if (value.trim() && value.trim() !== speaker) onRename(value);
    else setValue(speaker);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') e.currentTarget.blur();
    else if (e.key === 'Escape') {
      setValue(speaker);
      requestAnimationFrame(() => (document.activeElement as HTMLElement | null)?.blur());
    }
  };
  return (
    <input
      className="vb-turn-speaker"
      data-testid="turn-speaker"
      aria-label="Speaker"
      value={value}
      readOnly={readOnly}
      size={Math.max(4, Math.min(18, value.length + 1))}
      onChange={(e) => setValue(e.target.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
});
