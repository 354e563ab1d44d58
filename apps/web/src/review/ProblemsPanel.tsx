import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useReducer, useRef } from 'react';
import type { ActiveTranscript } from '../transcript/ActiveTranscript.ts';
import { useTranscriptWorkbench } from '../transcript/useTranscriptWorkbench.ts';
import { formatTimecode } from '../waveform/timecode.ts';
import { confidenceLabel, confidenceShort } from '../views/models/modelFormat.ts';
import { useModelCalibration, useTranscriptModel } from '../views/models/useModels.ts';
import type { FlaggedWord } from './collectFlagged.ts';
import '../transcript/transcript.css';

/** Height of one row in px (`.vb-problem-row` in transcript.css sets the same). */
const ROW_HEIGHT = 22;
/** Rows drawn beyond the panel's view on each side. */
const OVERSCAN = 12;
const NO_WORDS: readonly FlaggedWord[] = [];

/**
 * The Problems panel: every flagged word of the active transcript with its context, confidence and time, in reading
 * order. It follows the document live (others' reviews remove rows); a click selects the word and plays it.
 *
 * Only the rows in the panel's view (and a few beyond) are in the DOM (@tanstack/react-virtual): a 3-hour interview
 * flags thousands of words, and 500 rows drawn at once (the earlier cap) were half of the page's elements -- the
 * panel's share of every keystroke's paint in the editor was most of it (measured: paint 4.8 -> 0.7 ms a key with the
 * panel out of the page).
 */
export function ProblemsPanel() {
  const workbench = useTranscriptWorkbench();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const active = workbench.active;
  const calibrated = useModelCalibration(useTranscriptModel(active?.transcriptId, active?.model));
  const scroller = useRef<HTMLDivElement>(null);
  const flagged = active?.flagged ?? NO_WORDS;
  const rows = useVirtualizer({
    count: flagged.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (i) => rowKey(flagged[i]!),
  });
  useEffect(() => {
    const sub = workbench.onDidChangeActive(() => bump());
    return () => sub.dispose();
  }, [workbench]);
  useEffect(() => {
    const sub = active?.onDidChangeFlagged(() => bump());
    return () => sub?.dispose();
  }, [active]);

  if (!active) {
    return (
      <div className="vb-problems" data-testid="problems-panel">
        <p className="vb-problems-empty">Open a transcript to see its flagged words.</p>
      </div>
    );
  }
  return (
    <div className="vb-problems" data-testid="problems-panel" ref={scroller}>
      {flagged.length === 0 ? <p className="vb-problems-empty">No flagged words in this transcript.</p> : null}
      <ul className="vb-problems-list" role="listbox" aria-label="Flagged words" style={{ height: rows.getTotalSize() }}>
        {rows.getVirtualItems().map((row) => (
          <ProblemRow key={row.key} word={flagged[row.index]!} index={row.index} count={flagged.length} top={row.start} active={active} calibrated={calibrated} />
        ))}
      </ul>
    </div>
  );
}

function rowKey(f: FlaggedWord): string {
  return `${f.path.join('.')}:${f.start}`;
}

// a paragraph an edit left alone keeps its flagged word objects (collectFlagged), so their rows are not redrawn
const ProblemRow = memo(function ProblemRow({ word: f, index, count, top, active, calibrated }: { word: FlaggedWord; index: number; count: number; top: number; active: ActiveTranscript; calibrated: boolean | undefined }) {
  return (
    <li
      role="option"
      aria-selected={false}
      // only some rows are in the DOM: say where this one is in the whole list
      aria-setsize={count}
      aria-posinset={index + 1}
      style={{ transform: `translateY(${top}px)` }}
      tabIndex={-1}
      className="vb-problem-row"
      data-testid="problem-row"
      data-start={f.start}
      onClick={() => active.selectWord(f.path, true)}
      onKeyDown={(e) => e.key === 'Enter' && active.selectWord(f.path, true)}
    >
      <span className="vb-problem-icon" aria-hidden="true">
        ⚑
      </span>
      <span className="vb-problem-word">{f.text}</span>
      <span className="vb-problem-context">{highlight(f.context, f.text)}</span>
      <span className="vb-problem-conf" title={confidenceLabel(f.conf, calibrated)}>
        {confidenceShort(f.conf, calibrated)}
      </span>
      <span className="vb-problem-time">{formatTimecode(f.start)}</span>
    </li>
  );
});

// the context line with the flagged word (its middle occurrence) emphasised
function highlight(context: string, word: string) {
  const words = context.split(' ');
  const hits = words.flatMap((w, i) => (w === word ? [i] : []));
  const at = hits[Math.floor(hits.length / 2)] ?? -1;
  return words.map((w, i) => (
    <span key={i}>
      {i > 0 ? ' ' : ''}
      {i === at ? <mark>{w}</mark> : w}
    </span>
  ));
}
