import { type CursorOverlayData, useRemoteCursorOverlayPositions } from '@slate-yjs/react';
import type { RefObject } from 'react';
import { useSlate } from 'slate-react';
import type { CursorData } from './createTranscriptEditor.ts';

/**
 * Other people's carets and selections, in their colours with their names, drawn over the editor (positions from
 * @slate-yjs/react, relative to `containerRef`, a positioned element that scrolls with the text). Re-measured on
 * every change of the document, and when someone's cursor moves.
 */
export function RemoteCursors({ containerRef }: { containerRef: RefObject<HTMLDivElement | null> }) {
  useSlate();
  const [cursors] = useRemoteCursorOverlayPositions<CursorData>({ containerRef: containerRef as RefObject<HTMLDivElement> });
  return (
    <div className="vb-remote-cursors" aria-hidden="true">
      {cursors.map((cursor) => (
        <RemoteCursor key={cursor.clientId} cursor={cursor} />
      ))}
    </div>
  );
}

function RemoteCursor({ cursor }: { cursor: CursorOverlayData<CursorData> }) {
  const { data, selectionRects, caretPosition } = cursor;
  if (!data) return null;
  return (
    <>
      {selectionRects.map((rect, i) => (
        <div key={i} className="vb-remote-selection" style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height, backgroundColor: data.color }} />
      ))}
      {caretPosition ? (
        <div className="vb-remote-caret" data-testid="remote-caret" style={{ left: caretPosition.left, top: caretPosition.top, height: caretPosition.height, backgroundColor: data.color }}>
          <span className="vb-remote-name" style={{ backgroundColor: data.color }}>
            {data.name}
          </span>
        </div>
      ) : null}
    </>
  );
}
