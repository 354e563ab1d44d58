import { z } from 'zod';
import { LmModeJson } from './JobJson.ts';
import { ModelIdentityJson, ModelRefJson } from './ModelJson.ts';

// Live captions on the wire: live sessions (REST), the audio source's WebSocket protocol (`/live/<sessionId>/audio`),
// and the captions a viewer link streams (Server-Sent Events under `/live/view/<token>/`). One declaration, read by
// the server, the CLI (`verbatim live`) and the workbench's operator and caption pages.

/** The only audio a live session takes: 16-bit little-endian PCM, mono, at the session's `sampleRate`. */
export const LIVE_AUDIO_ENCODING = 's16le';

/** Largest binary audio frame a source may send, in bytes (1 s at 48 kHz s16le; a 16 kHz source sends ~100 ms frames). */
export const LIVE_MAX_FRAME_BYTES = 96_000;

/** A live session's life: `live` takes audio; `stopping` writes the recording and transcript; then `ended` or `failed`. */
export const LiveSessionStateJson = z.enum(['live', 'stopping', 'ended', 'failed']);

/** One live session of a project (`GET /api/live-sessions/:id`). */
export const LiveSessionJson = z.object({
  id: z.string(),
  projectId: z.string(),
  title: z.string(),
  state: LiveSessionStateJson,
  createdBy: z.string().nullable().describe('The operator who started it; null once that account is deleted.'),
  createdAt: z.int(),
  endedAt: z.int().nullable(),
  model: ModelIdentityJson.describe('The model the captions are recognised with (resolved when the session starts).'),
  sampleRate: z.int().describe('The sample rate the audio source must send, in Hz (the model\'s).'),
  lm: LmModeJson.nullable().describe(
    "How the captions use the model's word language model: adapted to the project's vocabulary and its plugins' text, the model's own, or none. null: a session started before the choice existed (adapted when the model has an LM, else off).",
  ),
  receivedSeconds: z.number().describe('Audio received so far (the session\'s clock: caption times count from its first sample).'),
  sourceConnected: z.boolean().describe('Whether an audio source is connected now.'),
  finals: z.int().describe('Final captions so far.'),
  viewerLink: z
    .object({ active: z.boolean(), createdAt: z.int().nullable() })
    .describe('Whether a viewer link is open; its token is only shown when it is made (POST …/viewer-link).'),
  mediaId: z.string().nullable().describe('The stored recording, once the session ended.'),
  transcriptId: z.string().nullable().describe('The transcript made of its final captions, once the session ended.'),
  retranscribeJobId: z.string().nullable().describe('The offline re-transcription asked for when it stopped, if any.'),
  error: z.string().nullable().describe('Why it failed, when it did.'),
});

/** `POST /api/projects/:id/live-sessions`. */
export const CreateLiveSessionBody = z.object({
  title: z.string().trim().min(1).max(200).describe('What is being captioned, e.g. the talk\'s title.'),
  model: ModelRefJson.optional().describe("Caption with this model (default: the project's default alias)."),
  lm: LmModeJson.optional().describe(
    "The word language model for the captions (and for the offline re-transcription asked for when the session stops): adapted (the default when the model has one), base or off (the default, and the only choice, for a model without one).",
  ),
});

/** `POST /api/live-sessions/:id/stop`. */
export const StopLiveSessionBody = z.object({
  retranscribe: z
    .boolean()
    .optional()
    .describe('Also re-transcribe the whole recording offline (beam search + word LM) into a new revision of the transcript.'),
});

/** `POST /api/live-sessions/:id/viewer-link`: a new read-only link (any earlier one stops working at once). */
export const LiveViewerLinkJson = z.object({
  token: z.string().describe('The secret of the link; shown this once.'),
  url: z.string().describe('The caption screen to share: `<server>/captions/<token>`; no account needed.'),
  createdAt: z.int(),
});

/** One word of a caption, timed on the session's clock. */
export const CaptionWordJson = z.object({
  text: z.string(),
  startMs: z.int(),
  endMs: z.int(),
  confidence: z.number().describe('Calibrated probability when the model is calibrated, else a raw score in [0, 1].'),
});

/**
 * A caption: the words of one segment. A `final` caption never changes again; a partial one is the current guess at
 * the words after the last final and is replaced by the next partial or final of the same `seq`.
 */
export const CaptionJson = z.object({
  seq: z.int().min(0).describe('Index of the segment: finals are numbered 0, 1, 2…; a partial has the next final\'s number.'),
  final: z.boolean(),
  text: z.string().describe('The words as shown (vocabulary display forms and, on finals, plugins applied).'),
  startMs: z.int(),
  endMs: z.int(),
  words: z.array(CaptionWordJson),
});

/**
 * The audio source's first (text) message on `/live/<sessionId>/audio`, then binary frames of {@link LIVE_AUDIO_ENCODING}
 * samples. `offsetSamples` is where this connection's first sample lies on the session's clock: 0 at the start, and
 * after a reconnect at most the `receivedSamples` the server's `ready` said (the overlap is dropped, so a source resends
 * what may have been lost in flight).
 */
export const LiveStartMessage = z.object({
  type: z.literal('start'),
  encoding: z.literal(LIVE_AUDIO_ENCODING),
  sampleRate: z.int().positive(),
  channels: z.literal(1),
  offsetSamples: z.int().min(0),
});

/** The source's input ended: the server finalises what is pending and answers `drained` (the session stays live until stopped). */
export const LiveEndMessage = z.object({ type: z.literal('end') });

/** What an audio source sends as text. */
export const LiveClientMessage = z.discriminatedUnion('type', [LiveStartMessage, LiveEndMessage]);

/** What the server sends an audio source (text frames) and, for captions and `ended`, a viewer (SSE events). */
export const LiveServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    sessionId: z.string(),
    sampleRate: z.int(),
    receivedSamples: z.int().describe('Audio the server already has: send from here (a fresh session: 0).'),
    recentFinals: z.array(CaptionJson).describe('The last few finals, so a reconnecting operator page shows them again.'),
  }),
  z.object({ type: z.literal('caption'), caption: CaptionJson }),
  z.object({
    type: z.literal('ack'),
    receivedSamples: z.int().describe('Sent about every 250 ms: audio received so far (for the source\'s resend buffer and latency).'),
    decodedSamples: z.int().describe('Audio the recogniser has decoded so far.'),
  }),
  z.object({
    type: z.literal('warning'),
    code: z.enum(['silent-input', 'clipped-input', 'behind-real-time', 'slow-viewer']),
    message: z.string(),
  }),
  z.object({ type: z.literal('drained'), finals: z.int() }),
  z.object({ type: z.literal('ended'), transcriptId: z.string().nullable() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);

/** `GET /live/view/:token/session`: what a caption screen shows besides the captions (no account needed). */
export const LiveViewJson = z.object({
  title: z.string(),
  state: LiveSessionStateJson,
  recentFinals: z.array(CaptionJson).describe('The last few finals, so a screen opened mid-talk is not empty.'),
});

/**
 * WebSocket close codes of `/live/<sessionId>/audio` beyond the standard ones (the reason says why in words).
 * Refusals before the upgrade (not signed in, no access, no such session) are plain HTTP answers (401/403/404).
 */
export const LIVE_CLOSE_CODES = Object.freeze({
  /** The first message was not a valid `start`, or a sample format other than s16le mono at the session's rate. */
  badFormat: 4400,
  /** A binary frame larger than {@link LIVE_MAX_FRAME_BYTES}, or of an odd byte length. */
  badFrame: 4413,
  /** Another source is connected to this session. */
  sourceConnected: 4409,
  /** The session is no longer live (stopped, ended or failed). */
  sessionEnded: 4410,
  /** The source sent audio faster than real time for too long. */
  tooFast: 4429,
  /** The caller's access to the project changed (role lowered, removed, account disabled). */
  accessRevoked: 4403,
  /** The server is shutting down; reconnect later. */
  serverClosing: 4503,
});

export type LiveSessionStateJson = z.infer<typeof LiveSessionStateJson>;
export type LiveSessionJson = z.infer<typeof LiveSessionJson>;
export type CreateLiveSessionBody = z.infer<typeof CreateLiveSessionBody>;
export type StopLiveSessionBody = z.infer<typeof StopLiveSessionBody>;
export type LiveViewerLinkJson = z.infer<typeof LiveViewerLinkJson>;
export type CaptionWordJson = z.infer<typeof CaptionWordJson>;
export type CaptionJson = z.infer<typeof CaptionJson>;
export type LiveStartMessage = z.infer<typeof LiveStartMessage>;
export type LiveEndMessage = z.infer<typeof LiveEndMessage>;
export type LiveClientMessage = z.infer<typeof LiveClientMessage>;
export type LiveServerMessage = z.infer<typeof LiveServerMessage>;
export type LiveViewJson = z.infer<typeof LiveViewJson>;
