/**
 * Where a page of a project's flagged words ended (`GET /api/projects/:id/flagged`'s `next`, sent back as `?after=`):
 * the last word returned, by its transcript's place in the project's order (created, then id) and its times. Later
 * pages start after it, so words reviewed meanwhile shift nothing and a transcript deleted meanwhile loses nothing.
 */
export interface FlaggedCursor {
  readonly createdAt: number;
  readonly transcriptId: string;
  readonly start: number;
  readonly end: number;
}

/** An opaque, URL-safe form of `cursor`. */
export function encodeFlaggedCursor(cursor: FlaggedCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.transcriptId, cursor.start, cursor.end])).toString('base64url');
}

/** The cursor `text` encodes, or undefined when it is not one {@link encodeFlaggedCursor} wrote. */
export function decodeFlaggedCursor(text: string): FlaggedCursor | undefined {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const [createdAt, transcriptId, start, end] = value as unknown[];
  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  if (!finite(createdAt) || typeof transcriptId !== 'string' || transcriptId.length > 64 || !finite(start) || !finite(end)) return undefined;
  return { createdAt, transcriptId, start, end };
}

/** Whether a word at `start`..`end` of a transcript created at `createdAt` with id `transcriptId` comes after `cursor`. */
export function isAfterFlaggedCursor(cursor: FlaggedCursor, createdAt: number, transcriptId: string, start: number, end: number): boolean {
  if (createdAt !== cursor.createdAt) return createdAt > cursor.createdAt;
  if (transcriptId !== cursor.transcriptId) return transcriptId > cursor.transcriptId;
  return start !== cursor.start ? start > cursor.start : end > cursor.end;
}
