import { type RefObject, useEffect, useState } from 'react';
import { useSlateStatic } from 'slate-react';
import { drawnWordElement } from '../../transcript/editorElements.ts';
import type { Event } from '../../platform/Emitter.ts';
import { whenIdle } from '../../platform/whenIdle.ts';
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
    // measured when the page is idle, never inside a keystroke's frame: the words' index is rebuilt after each change
    // (some 30-60 ms on a 3-hour transcript), and with no verified stretch it is not needed at all
    let cancel = () => {};
    const measure = () => {
      cancel();
      cancel = whenIdle(() => {
        const page = containerRef.current;
        if (!page) return;
        if (controller.spans.length === 0) {
          setBars((bars) => (bars.length === 0 ? bars : []));
          return;
        }
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
      }, 1000);
    };
    measure();
    const subscriptions = [controller.onDidChange(measure), onDidChangeContent(measure)];
    const resize = new ResizeObserver(measure);
    if (containerRef.current) resize.observe(containerRef.current);
    return () => {
      cancel();
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
