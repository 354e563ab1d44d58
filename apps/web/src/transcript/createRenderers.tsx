import type { JSX, ReactElement } from 'react';
import type { RenderChunkProps, RenderElementProps, RenderTextProps } from 'slate-react';
import { isTurn, wordOf } from '../editor/transcriptTypes.ts';
import type { LiveParagraphs } from './LiveParagraphs.ts';
import { ProgressiveChunk } from './ProgressiveChunk.tsx';
import type { ProgressiveRender } from './ProgressiveRender.ts';
import { wordAttributes, type WordLook } from './staticWords.ts';
import { estimatedTurnHeight, TurnView } from './TurnView.tsx';

/** The render functions of the transcript's `<Editable>`. */
export interface TranscriptRenderers {
  renderElement: (props: RenderElementProps) => JSX.Element;
  renderText: (props: RenderTextProps) => JSX.Element;
  renderChunk: (props: RenderChunkProps) => JSX.Element;
}

/**
 * Renderers for a review threshold. Each word is one span carrying its data (`data-word`, `data-start`, `data-end`,
 * `data-conf`, `data-flagged`, `data-reviewed`, `data-origin`, a tint level; see `wordAttributes`): no React state per
 * word, and styles come from attributes so the playback highlight (a class set through the DOM) is never overwritten
 * by React. A new threshold gives new renderers, which re-renders the document once. With `paragraphs`, a paragraph
 * renders Slate's leaves only while it is live there and the same spans as static markup otherwise (see
 * LiveParagraphs); without it, every paragraph is live. With `progressive`, the lowest chunks of paragraphs render as
 * that schedule says (a placeholder of their estimated height until then); without it, at once. `calibrated` false (the model's confidence is only a score)
 * has the hover say "Score 0.42", not a percentage.
 */
export function createRenderers(
  threshold: number,
  tooltip: (origin: string, text: string) => string,
  { paragraphs, progressive, calibrated }: { paragraphs?: LiveParagraphs; progressive?: ProgressiveRender; calibrated?: boolean } = {},
): TranscriptRenderers {
  const look: WordLook = { threshold, tooltip, ...(calibrated !== undefined && { calibrated }) };
  return {
    renderElement: (props) => <TurnView {...props} look={look} paragraphs={paragraphs} />,
    renderText: ({ attributes, children, text }) => {
      const word = wordOf(text);
      if (!word) return <span {...attributes}>{children}</span>;
      return (
        <span {...attributes} {...wordAttributes(word, look)}>
          {children}
        </span>
      );
    },
    renderChunk: ({ attributes, children, lowest }) =>
      progressive && lowest ? (
        <ProgressiveChunk attributes={attributes} progressive={progressive}>
          {children}
        </ProgressiveChunk>
      ) : lowest ? (
        <div {...attributes} className="vb-chunk" style={{ containIntrinsicSize: `auto ${estimatedHeight(children)}px` }}>
          {children}
        </div>
      ) : (
        <div {...attributes} className="vb-chunk-group">
          {children}
        </div>
      ),
  };
}

// the height a lowest chunk is drawn with until laid out once: its paragraphs' (slate-react's chunk element carries
// the chunk's node, whose leaves are the paragraphs)
function estimatedHeight(children: RenderChunkProps['children']): number {
  const leaves = (children as ReactElement<{ ancestor?: { children?: Array<{ node?: unknown }> } }>).props?.ancestor?.children ?? [];
  let height = 0;
  for (const leaf of leaves) height += isTurn(leaf.node as never) ? estimatedTurnHeight(leaf.node as never) : 0;
  return height || 4000;
}
