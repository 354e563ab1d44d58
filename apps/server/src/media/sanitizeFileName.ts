/** Longest stored file name, in characters (code points). */
export const MAX_FILE_NAME_CHARS = 255;

/**
 * A client-sent file name made safe to store and show: only the last path segment (`../../etc/passwd` →
 * `passwd`, `C:\a\b.wav` → `b.wav`), without control or bidirectional-override characters, trimmed of spaces
 * and leading dots, cut to {@link MAX_FILE_NAME_CHARS} characters keeping a short extension, and `fallback` when
 * nothing is left. The name is only ever shown: blobs are stored under their hash.
 */
export function sanitizeFileName(name: string | undefined, fallback = 'upload'): string {
  const lastSegment = (name ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    // C0/C1 controls, and the bidi controls that can disguise an extension ("evil\u202Evaw.exe")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  if (cleaned === '') return fallback;
  const chars = [...cleaned];
  if (chars.length <= MAX_FILE_NAME_CHARS) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 16 ? [...cleaned.slice(dot)] : [];
  return [...chars.slice(0, MAX_FILE_NAME_CHARS - extension.length - 1), '…', ...extension].join('');
}
