// The shapes of the server's JSON the shell reads, as @verbatim/core/api declares them for the server and the
// workbench alike (the server validates and documents with the same schemas: /api/openapi.json); `GET /api/me` here.

import type { JobJson, JobStateJson, MediaJson, MemberJson, ModelQualityJson, PluginJson, ProjectJson, ProjectPluginJson, SearchHitJson, TranscriptJson } from '@verbatim/core/api';
import type { SessionUser } from '../platform/WorkbenchContext.tsx';

export type { JobJson, MediaJson, MemberJson, ModelQualityJson, PluginJson, ProjectJson, ProjectPluginJson, SearchHitJson, TranscriptJson };
export type { TranscribeJobPayloadJson, TranscribeJobResultJson } from '@verbatim/core/api';

/** A job's state on the server. */
export type JobState = JobStateJson;

/** `GET /api/me`. */
export interface MeJson {
  user: SessionUser;
  csrfToken: string | null;
  memberships: ProjectJson[];
}
