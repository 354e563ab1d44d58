import type { LiveSessionJson, LiveSessionStateJson, LmModeJson, ModelIdentityJson } from '@verbatim/core/api';

/** A live session as `live_sessions` stores it (see `LiveSessionStore`). */
export interface LiveSession {
  readonly id: string;
  readonly projectId: string;
  readonly title: string;
  readonly state: LiveSessionStateJson;
  readonly createdBy: string | null;
  readonly createdAt: number;
  readonly endedAt: number | null;
  readonly model: ModelIdentityJson;
  /** The rate the source sends and the recording is stored at, in Hz (the model's). */
  readonly sampleRate: number;
  /** The word LM mode its captions decode with; null for a session from before the choice (the model's default). */
  readonly lm: LmModeJson | null;
  /** Samples of audio received and recorded (the session's clock). */
  readonly receivedSamples: number;
  /** Final captions stored so far. */
  readonly finals: number;
  /** sha256 (hex) of the viewer link's token, while one is active. */
  readonly viewerTokenHash: string | null;
  readonly viewerCreatedAt: number | null;
  readonly mediaId: string | null;
  readonly transcriptId: string | null;
  readonly retranscribeJobId: string | null;
  readonly error: string | null;
}

/** The wire form of a session; `sourceConnected` is what the audio endpoint knows now (false without one). */
export function toLiveSessionJson(session: LiveSession, sourceConnected = false): LiveSessionJson {
  return {
    id: session.id,
    projectId: session.projectId,
    title: session.title,
    state: session.state,
    createdBy: session.createdBy,
    createdAt: session.createdAt,
    endedAt: session.endedAt,
    model: session.model,
    sampleRate: session.sampleRate,
    lm: session.lm,
    receivedSeconds: session.receivedSamples / session.sampleRate,
    sourceConnected,
    finals: session.finals,
    viewerLink: { active: session.viewerTokenHash !== null, createdAt: session.viewerTokenHash === null ? null : session.viewerCreatedAt },
    mediaId: session.mediaId,
    transcriptId: session.transcriptId,
    retranscribeJobId: session.retranscribeJobId,
    error: session.error,
  };
}
