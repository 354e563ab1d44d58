import { type RefObject, useEffect, useState } from 'react';
import { useSlateStatic } from 'slate-react';
import { drawnWordElement } from '../../transcript/editorElements.ts';
import type { Event } from '../../platform/Emitter.ts';
import type { WordTimeIndex } from '../../waveform/WordTimeIndex.ts';
import type { VerifiedController } from './VerifiedController.ts';
import { verifiedBars } from './verifiedBars.ts';
import './verified.css';

/**
 * A thin bar in the editor's left margin beside each verified stretch (its words from the first to the last), drawn
 * over `containerRef` (the positioned page that scrolls with the text). Measured again when the spans or the document
 * change and when the page is resized; words of paragraphs rendered static (see LiveParagraphs) are measured in
 * their static markup.
 */
export function VerifiedGutter({
  controller,
  words,
  onDidChangeContent,
  containerRef,
}: {
  controller: VerifiedController;
  /** Where the document's words by time are (rebuilt after each change). */
  words: { readonly index: WordTimeIndex };
  onDidChangeContent: Event<void>;
  containerRef: RefObject<HTMLDivElement | null>;
}) {
  const editor = useSlateStatic();
  const [bars, setBars] = useState<Array<{ id: number; top: number; height: number; title: string }>>([]);
  useEffect(() => {
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const page = containerRef.current;
        if (!page) return;
        const origin = page.getBoundingClientRect().top;
        setBars(
          verifiedBars(controller.spans, words.index).flatMap((bar) => {
            const first = drawnWordElement(editor, bar.first);
            const last = drawnWordElement(editor, bar.last);
            if (!first || !last) return [];
            const top = first.getBoundingClientRect().top - origin;
            const bottom = last.getBoundingClientRect().bottom - origin;
            return bottom > top ? [{ id: bar.span.id, top, height: bottom - top, title: bar.title }] : [];
          }),
        );
      });
    };
    measure();
    const subscriptions = [controller.onDidChange(measure), onDidChangeContent(measure)];
    const resize = new ResizeObserver(measure);
    if (containerRef.current) resize.observe(containerRef.current);
    return () => {
      cancelAnimationFrame(frame);
      subscriptions.forEach((s) => s.dispose());
      resize.disconnect();
    };
  }, [controller, editor, words, onDidChangeContent, containerRef]);
  return (
    <div className="vb-verified-gutter" aria-hidden="true">
      {bars.map((bar) => (
        <div key={bar.id} className="vb-verified-bar" data-testid="verified-bar" data-span-id={bar.id} style={{ top: bar.top, height: bar.height }} title={bar.title} />
      ))}
    </div>
  );
}
