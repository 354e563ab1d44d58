// Worker thread entry of MediaAnalyzer: analyses one file (decoding and peaks, off the server's event loop),
// posts the result or the refusal as plain data, and ends.
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeMedia } from './analyzeMedia.ts';
import type { AnalysisReply, AnalysisRequest } from './analysisMessages.ts';
import { MediaError } from './MediaError.ts';

const request = workerData as AnalysisRequest;
let reply: AnalysisReply;
try {
  const analysis = await analyzeMedia(request.path, request.options);
  reply = { ok: true, analysis };
} catch (error) {
  reply = {
    ok: false,
    error: error instanceof MediaError
      ? { kind: 'media', code: error.code, message: error.message }
      : { kind: 'other', code: undefined, message: error instanceof Error ? error.message : String(error) },
  };
}
parentPort!.postMessage(reply, reply.ok ? [reply.analysis.peaks.buffer] : []);
