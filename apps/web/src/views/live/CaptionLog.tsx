import type { CaptionJson } from '@verbatim/core/api';
import { useLayoutEffect, useRef } from 'react';

const SHOWN_FINALS = 200;

/**
 * The rolling captions of the operator page: the newest finals and, after them, the partial (dimmed, italic: it may
 * still change). Scrolls to the newest unless the operator scrolled up to read. `onShown` runs once the DOM has them.
 */
export function CaptionLog({ finals, partial, onShown }: { finals: CaptionJson[]; partial: CaptionJson | undefined; onShown: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const shown = finals.slice(-SHOWN_FINALS);
  useLayoutEffect(() => {
    onShown();
    const box = ref.current;
    if (box && pinned.current) box.scrollTop = box.scrollHeight;
  });
  return (
    <div
      ref={ref}
      className="live-captions"
      data-testid="live-captions"
      role="log"
      aria-label="Captions"
      tabIndex={0}
      onScroll={(e) => {
        const box = e.currentTarget;
        pinned.current = box.scrollHeight - box.scrollTop - box.clientHeight < 24;
      }}
    >
      {shown.length === 0 && !partial && <p className="empty">Captions appear here as the words are recognised.</p>}
      {shown.map((c) => (
        <p key={c.seq} className="live-caption final" data-testid="live-caption" data-final="true" data-seq={c.seq}>
          {c.text}
        </p>
      ))}
      {partial && (
        // the partial is announced only when it becomes final (a log would read every guess aloud)
        <p key={`partial-${partial.seq}`} className="live-caption partial" data-testid="live-caption" data-final="false" data-seq={partial.seq} aria-hidden="true">
          {partial.text}
        </p>
      )}
    </div>
  );
}
