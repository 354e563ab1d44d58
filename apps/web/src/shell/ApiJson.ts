import type { ProjectRole, SessionUser } from '../platform/WorkbenchContext.tsx';

// The shapes of the server's JSON the shell reads (apps/server/src/http/schemas; /api/openapi.json).

/** A project with the caller's role in it (`GET /api/projects`). */
export interface ProjectJson {
  id: string;
  name: string;
  createdAt: number;
  role: ProjectRole;
  /** Words below it are flagged for review (0..1, default 0.6). */
  reviewThreshold?: number;
}

/** `GET /api/me`. */
export interface MeJson {
  user: SessionUser;
  csrfToken: string | null;
  memberships: ProjectJson[];
}

/** An uploaded file (`GET /api/projects/:id/media`). */
export interface MediaJson {
  id: string;
  projectId: string;
  name: string;
  format: string;
  bytes: number;
  durationSeconds: number;
  createdAt: number;
  audioUrl: string;
  peaksUrl: string | null;
}

/** A job's state on the server. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A transcription job (`GET /api/jobs/:id`, and each `event: job` of its SSE stream). */
export interface JobJson {
  id: string;
  projectId: string;
  kind: string;
  payload: { mediaId?: string } | null;
  state: JobState;
  progress: number;
  error: string | null;
  result: { transcriptId?: string } | null;
  createdAt: number;
  updatedAt: number;
}

/** A transcript's record (`GET /api/projects/:id/transcripts`). */
export interface TranscriptJson {
  id: string;
  projectId: string;
  mediaId: string;
  model: { id: string; version: string };
  plugins: { id: string; version: string }[];
  createdAt: number;
}

/** A member of a project. */
export interface MemberJson {
  userId: string;
  email: string;
  displayName: string;
  role: ProjectRole;
  addedAt: number;
}

/** One search hit (`GET /api/projects/:id/search?q=`). */
export interface SearchHitJson {
  transcriptId: string;
  start: number;
  speaker: string;
  snippet: string;
}

/** An installed plugin (`GET /api/plugins`). */
export interface PluginJson {
  id: string;
  version: string;
  displayName: string;
  description: string;
  contributes: {
    vocabularies: { id: string; title: string; entries?: number }[];
    postProcessors: { id: string; title: string }[];
    commands: { id: string; title: string }[];
  };
}

/** A plugin a project enabled (`GET /api/projects/:id/plugins`). */
export interface ProjectPluginJson {
  id: string;
  version: string | null;
  installed: boolean;
  enabledBy: string | null;
  enabledAt: number;
}

/** One model version's review statistics (`GET /api/projects/:id/quality`). */
export interface ModelQualityJson {
  modelId: string;
  modelVersion: string;
  transcripts: number;
  words: number;
  reviewed: number;
  accepted: number;
  corrected: number;
  correctionRate: number | null;
}
