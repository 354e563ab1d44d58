/** Longest close reason the WebSocket protocol allows, in UTF-8 bytes. */
const MAX_REASON_BYTES = 123;

/** `text` cut to fit a WebSocket close reason (123 UTF-8 bytes), ending in "…" when cut. */
export function closeReason(text: string): string {
  if (Buffer.byteLength(text) <= MAX_REASON_BYTES) return text;
  let cut = text;
  while (Buffer.byteLength(`${cut}…`) > MAX_REASON_BYTES) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
