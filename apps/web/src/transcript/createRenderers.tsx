import type { JSX } from 'react';
import type { RenderChunkProps, RenderElementProps, RenderTextProps } from 'slate-react';
import { wordOf } from '../editor/transcriptTypes.ts';
import { flagLevel } from '../review/flagLevel.ts';
import { confidenceLabel } from '../views/models/modelFormat.ts';
import { ProgressiveChunk } from './ProgressiveChunk.tsx';
import type { ProgressiveRender } from './ProgressiveRender.ts';
import { TurnView } from './TurnView.tsx';

/** The render functions of the transcript's `<Editable>`. */
export interface TranscriptRenderers {
  renderElement: (props: RenderElementProps) => JSX.Element;
  renderText: (props: RenderTextProps) => JSX.Element;
  renderChunk: (props: RenderChunkProps) => JSX.Element;
}

/**
 * Renderers for a review threshold. Each word is one span carrying its data (`data-word`, `data-start`, `data-end`,
 * `data-conf`, `data-flagged`, `data-reviewed`, `data-origin`, a tint level): no React state per word, and styles
 * come from attributes so the playback highlight (a class set through the DOM) is never overwritten by React. A new
 * threshold gives new renderers, which re-renders the document once. With `progressive`, the lowest chunks of
 * paragraphs render as that schedule says (a placeholder of their estimated height until then); without it, at once.
 * `calibrated` false (the model's confidence is only a score) has the hover say "Score 0.42", not a percentage.
 */
export function createRenderers(
  threshold: number,
  tooltip: (origin: string, text: string) => string,
  progressive?: ProgressiveRender,
  calibrated?: boolean,
): TranscriptRenderers {
  return {
    renderElement: (props) => <TurnView {...props} threshold={threshold} />,
    renderText: ({ attributes, children, text }) => {
      const word = wordOf(text);
      if (!word) return <span {...attributes}>{children}</span>;
      const level = flagLevel(word, threshold);
      const origin = word.origin === 'human' ? 'human' : word.origin?.startsWith('plugin:') ? 'plugin' : undefined;
      return (
        <span
          {...attributes}
          data-word=""
          data-start={word.start}
          data-end={word.end}
          data-conf={word.conf}
          data-flagged={level > 0 ? 'true' : undefined}
          data-level={level > 0 ? level : undefined}
          data-reviewed={word.reviewed ? 'true' : undefined}
          data-origin={origin}
          title={wordTitle(word.conf, calibrated, origin === 'plugin' ? tooltip(word.origin, word.text) : origin === 'human' ? 'edited by a person' : undefined, level > 0 && !word.reviewed)}
        >
          {children}
        </span>
      );
    },
    renderChunk: ({ attributes, children, lowest }) =>
      progressive && lowest ? (
        <ProgressiveChunk attributes={attributes} progressive={progressive}>
          {children}
        </ProgressiveChunk>
      ) : (
        <div {...attributes} className={lowest ? 'vb-chunk' : 'vb-chunk-group'}>
          {children}
        </div>
      ),
  };
}

// the confidence on hover (and, as the word's description, to a screen reader), whether it waits for review, then
// who changed the word
function wordTitle(conf: number, calibrated: boolean | undefined, change: string | undefined, flagged: boolean): string {
  const confidence = confidenceLabel(conf, calibrated);
  const text = flagged ? `Flagged for review · ${confidence}` : confidence;
  return change ? `${text} · ${change}` : text;
}
