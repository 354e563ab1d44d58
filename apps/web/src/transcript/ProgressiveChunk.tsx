import { type ReactElement, useEffect, useState } from 'react';
import type { RenderChunkProps } from 'slate-react';
import { isTurn } from '../editor/transcriptTypes.ts';
import type { ProgressiveRender } from './ProgressiveRender.ts';
import { estimatedTurnHeight } from './TurnView.tsx';

/**
 * One lowest chunk of paragraphs, rendered when `progressive` says: until then an empty block of about its height
 * (so the scroll bar is about right), then its paragraphs.
 */
export function ProgressiveChunk({ attributes, children, progressive }: Pick<RenderChunkProps, 'attributes' | 'children'> & { progressive: ProgressiveRender }) {
  const [shown, setShown] = useState(() => progressive.renderNow());
  useEffect(() => (shown ? undefined : progressive.enqueue(() => setShown(true))), [shown, progressive]);
  const height = estimatedHeight(children);
  if (shown) {
    return (
      <div {...attributes} className="vb-chunk" style={{ containIntrinsicSize: `auto ${height}px` }}>
        {children}
      </div>
    );
  }
  return <div {...attributes} className="vb-chunk vb-chunk-pending" contentEditable={false} style={{ height }} />;
}

// slate-react's chunk element carries the chunk's node (its leaves are the paragraphs)
function estimatedHeight(children: RenderChunkProps['children']): number {
  const leaves = (children as ReactElement<{ ancestor?: { children?: Array<{ node?: unknown }> } }>).props?.ancestor?.children ?? [];
  let height = 0;
  for (const leaf of leaves) height += isTurn(leaf.node as never) ? estimatedTurnHeight(leaf.node as never) : 0;
  return height;
}
