import type { AnalyzeMediaOptions, MediaAnalysis } from './analyzeMedia.ts';
import type { MediaErrorCode } from './MediaError.ts';

/** What `MediaAnalyzer` gives its worker (as `workerData`). */
export interface AnalysisRequest {
  readonly path: string;
  readonly options: AnalyzeMediaOptions;
}

/** What the worker posts back, once: the analysis, or why the file was refused (or the analysis failed). */
export type AnalysisReply =
  | { readonly ok: true; readonly analysis: MediaAnalysis }
  | {
      readonly ok: false;
      readonly error:
        | { readonly kind: 'media'; readonly code: MediaErrorCode; readonly message: string }
        | { readonly kind: 'other'; readonly code: undefined; readonly message: string };
    };
