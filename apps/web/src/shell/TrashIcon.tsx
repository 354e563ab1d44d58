/** A 16×16 line icon of a bin, drawn with currentColor (emoji fonts are not everywhere). */
export function TrashIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round">
      <path d="M2.5 4h11 M6 4V2.5h4V4 M4 4l.7 9.5h6.6L12 4 M6.7 6.5v5 M9.3 6.5v5" />
    </svg>
  );
}
