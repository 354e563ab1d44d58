/** Starts the browser download of `content` (a Blob, or a data: URL such as a chart's PNG) as `fileName`. */
export function downloadFile(fileName: string, content: Blob | string): void {
  const href = typeof content === 'string' ? content : URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // the click has started the download; the object URL can go once the event loop has moved on
  if (typeof content !== 'string') setTimeout(() => URL.revokeObjectURL(href), 0);
}

/** A file name made of `parts` (letters, digits, dots and dashes kept; the rest become dashes). */
export function fileNameOf(parts: readonly string[], extension: string): string {
  const stem = parts
    .map((p) => p.normalize('NFKD').replace(/[^\w.-]+/gu, '-').replace(/^-+|-+$/gu, ''))
    .filter(Boolean)
    .join('-');
  return `${stem || 'export'}.${extension}`;
}
