import { memo, useEffect, useReducer } from 'react';
import type { ActiveTranscript } from '../transcript/ActiveTranscript.ts';
import { useTranscriptWorkbench } from '../transcript/useTranscriptWorkbench.ts';
import { formatTimecode } from '../waveform/timecode.ts';
import { confidenceLabel, confidenceShort } from '../views/models/modelFormat.ts';
import { useModelCalibration, useTranscriptModel } from '../views/models/useModels.ts';
import type { FlaggedWord } from './collectFlagged.ts';
import '../transcript/transcript.css';

/** Rows shown at most (the count says how many there are). */
const MAX_ROWS = 500;

/**
 * The Problems panel: the flagged words of the active transcript with their context, confidence and time, in
 * reading order. It follows the document live (others' reviews remove rows); a click selects the word and plays it.
 */
export function ProblemsPanel() {
  const workbench = useTranscriptWorkbench();
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const active = workbench.active;
  const calibrated = useModelCalibration(useTranscriptModel(active?.transcriptId, active?.model));
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
  const flagged = active.flagged;
  return (
    <div className="vb-problems" data-testid="problems-panel">
      {flagged.length === 0 ? <p className="vb-problems-empty">No flagged words in this transcript.</p> : null}
      <ul className="vb-problems-list" role="listbox" aria-label="Flagged words">
        {flagged.slice(0, MAX_ROWS).map((f) => (
          <ProblemRow key={`${f.path.join('.')}:${f.start}`} word={f} active={active} calibrated={calibrated} />
        ))}
      </ul>
      {flagged.length > MAX_ROWS ? <p className="vb-problems-more">and {flagged.length - MAX_ROWS} more (F8 goes through all of them)</p> : null}
    </div>
  );
}

// a paragraph an edit left alone keeps its flagged word objects (collectFlagged), so their rows are not redrawn
const ProblemRow = memo(function ProblemRow({ word: f, active, calibrated }: { word: FlaggedWord; active: ActiveTranscript; calibrated: boolean | undefined }) {
  return (
    <li
      role="option"
      aria-selected={false}
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
