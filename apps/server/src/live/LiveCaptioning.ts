import type { VocabularyEntry } from '@verbatim/asr';
import type { LiveCaptioner } from '@verbatim/asr/node';
import type { CaptionJson } from '@verbatim/core/api';

/** What a live session uses of a `LiveCaptioner` (one per model, shared by every session of that model). */
export type Captioner = Pick<LiveCaptioner, 'startSession' | 'push' | 'end' | 'close' | 'on' | 'dispose' | 'usable'>;

/**
 * How a session's captions are made: its vocabulary and the plugins' domain text for decoding (they adapt the model's
 * word LM, as for a job), and the plugins' post-processing of each final.
 */
export interface SessionDecoding {
  readonly vocabulary: VocabularyEntry[];
  readonly domainText?: string[] | undefined;
  /** The final with the project's plugins' post-processors applied (once; never to partials). */
  postProcess(caption: CaptionJson): Promise<CaptionJson>;
}
