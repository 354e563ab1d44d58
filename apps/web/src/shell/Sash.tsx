import { type KeyboardEvent, type PointerEvent, useRef } from 'react';

/** Props of {@link Sash}. */
export interface SashProps {
  /** 'vertical': a vertical line dragged sideways (side bar width); 'horizontal': dragged up and down (panel height). */
  orientation: 'vertical' | 'horizontal';
  /** The size it controls now, in CSS pixels. */
  size: number;
  min: number;
  max: number;
  /** +1 when dragging right/down grows the size, -1 when it shrinks it (the panel grows upwards). */
  direction: 1 | -1;
  onResize: (px: number) => void;
  onReset: () => void;
  label: string;
}

/**
 * A drag handle between two parts of the workbench (VS Code's sash): drag with the pointer, or focus it and use
 * the arrow keys; a double click resets the size.
 */
export function Sash({ orientation, size, min, max, direction, onResize, onReset, label }: SashProps) {
  const start = useRef<{ at: number; size: number } | undefined>(undefined);
  const coordinate = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { at: coordinate(e), size };
  };
  const onPointerMove = (e: PointerEvent) => {
    if (!start.current) return;
    onResize(start.current.size + (coordinate(e) - start.current.at) * direction);
  };
  const onPointerUp = () => {
    start.current = undefined;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const grow: Record<string, number> = orientation === 'vertical' ? { ArrowRight: 1, ArrowLeft: -1 } : { ArrowDown: 1, ArrowUp: -1 };
    const step = grow[e.key];
    if (step === undefined) return;
    e.preventDefault();
    onResize(size + step * direction * (e.shiftKey ? 50 : 10));
  };

  return (
    <div
      className={`sash ${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={size}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={onReset}
      onKeyDown={onKeyDown}
    />
  );
}
