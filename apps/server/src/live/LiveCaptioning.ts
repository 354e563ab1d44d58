import type { VocabularyEntry } from '@verbatim/asr';
import type { LiveCaptioner } from '@verbatim/asr/node';
import type { CaptionJson } from '@verbatim/core/api';

/** What a live session uses of a `LiveCaptioner` (one per model, shared by every session of that model). */
export type Captioner = Pick<LiveCaptioner, 'startSession' | 'push' | 'end' | 'close' | 'on' | 'dispose'>;

/** How a session's captions are made: its vocabulary for decoding, and the plugins' post-processing of each final. */
export interface SessionDecoding {
  readonly vocabulary: VocabularyEntry[];
  /** The final with the project's plugins' post-processors applied (once; never to partials). */
  postProcess(caption: CaptionJson): Promise<CaptionJson>;
}

let probes = 0;

/**
 * Whether the captioner refuses new sessions: a `LiveCaptioner` whose worker kept stopping has given up for good (and
 * one that was disposed is done), and refuses every `startSession` from then on. Asked by starting and closing a
 * session with no audio, which costs the worker nothing to speak of.
 */
export function refusesSessions(captioner: Captioner): boolean {
  const id = `probe#${++probes}`;
  try {
    captioner.startSession(id, {});
  } catch {
    return true;
  }
  captioner.close(id);
  return false;
}
