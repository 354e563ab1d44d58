// The shapes of the server's JSON the shell reads, as @verbatim/core/api declares them for the server and the
// workbench alike (the server validates and documents with the same schemas: /api/openapi.json).

import type { JobJson, JobStateJson, MediaJson, MemberJson, ModelQualityJson, PluginJson, ProjectJson, ProjectPluginJson, SearchHitJson, TranscriptJson } from '@verbatim/core/api';

export type { JobJson, MediaJson, MemberJson, ModelQualityJson, PluginJson, ProjectJson, ProjectPluginJson, SearchHitJson, TranscriptJson };
export type { MeJson, TranscribeJobPayloadJson, TranscribeJobResultJson } from '@verbatim/core/api';

/** A job's state on the server. */
export type JobState = JobStateJson;


