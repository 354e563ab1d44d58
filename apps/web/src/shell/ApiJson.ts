// The shapes of the server's JSON the shell reads: jobs, projects, media, transcripts and quality rows as
// @verbatim/core/api declares them for the server and the workbench alike; the rest as apps/server/src/http/schemas
// and /api/openapi.json describe them.

import type { JobJson, JobStateJson, MediaJson, ModelQualityJson, ProjectJson, TranscriptJson } from '@verbatim/core/api';
import type { ProjectRole, SessionUser } from '../platform/WorkbenchContext.tsx';

export type { JobJson, MediaJson, ModelQualityJson, ProjectJson, TranscriptJson };
export type { TranscribeJobPayloadJson, TranscribeJobResultJson } from '@verbatim/core/api';

/** A job's state on the server. */
export type JobState = JobStateJson;

/** `GET /api/me`. */
export interface MeJson {
  user: SessionUser;
  csrfToken: string | null;
  memberships: ProjectJson[];
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
