import { zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { MediaJson, MediaListResponse, UploadMediaResponse, WaveformPeaksJson } from '../../media/mediaSchemas.ts';
import { LIFECYCLE_API_COMPONENTS } from '../../models/compare/lifecycleApiComponents.ts';
import { MODEL_API_COMPONENTS } from '../../models/modelSchemas.ts';
import { TRAINING_API_COMPONENTS } from '../../training/trainingApiComponents.ts';
import { LIVE_API_COMPONENTS } from '../../live/liveApiComponents.ts';
import { LIVE_VIEW_API_COMPONENTS } from '../../live/view/liveViewApiComponents.ts';
import { SpeakersSettingJson, TranscriptionSettingsJson, TranscriptionSettingsPatchBody } from '@verbatim/core/api';
import {
  AddVocabularyEntryBody,
  CheckVocabularyBody,
  InvalidVocabularyResponse,
  PutVocabularyBody,
  VocabularyCheckResponse,
  VocabularyEntryBody,
  VocabularyEntryJson,
  VocabularyProblemJson,
  VocabularyResponse,
  VocabularySourceBody,
  VocabularySourceJson,
} from '../../vocabulary/vocabularySchemas.ts';
import {
  PluginChangeJson,
  PluginChangeListResponse,
  PluginJson,
  PluginListResponse,
  PluginProblemJson,
  ProjectPluginJson,
  ProjectPluginListResponse,
} from '../../plugins/pluginSchemas.ts';
import {
  CreateReviewBody,
  FlaggedWordJson,
  FlaggedWordsResponse,
  ModelQualityJson,
  QualityResponse,
  ReviewJson,
  ReviewListResponse,
} from '../../reviews/reviewSchemas.ts';
import { CreateJobBody, JobJson, JobListResponse, JobStateJson } from '../routes/jobSchemas.ts';
import {
  AccountJson,
  CreatedUserResponse,
  CreateUserBody,
  ResetPasswordBody,
  UpdatedUserResponse,
  UpdateUserBody,
  UserListResponse,
  UserLookupResponse,
  UsersResponse,
  UserSummaryJson,
} from '../schemas/accountSchemas.ts';
import { ErrorResponse } from '../schemas/errorSchemas.ts';
import { HealthResponse, ReadinessCheck, ReadinessResponse } from '../schemas/healthSchemas.ts';
import { MemberJson, MemberListResponse, PutMemberBody } from '../schemas/memberSchemas.ts';
import { OpenApiDocumentJson } from '../schemas/openApiSchemas.ts';
import { CreateProjectBody, ProjectJson, ProjectListResponse, RoleJson, UpdateProjectBody } from '../schemas/projectSchemas.ts';
import { ApiTokenJson, CreatedTokenResponse, CreateTokenBody, TokenListResponse } from '../schemas/tokenSchemas.ts';
import {
  TranscriptDetailResponse,
  TranscriptJson,
  TranscriptListResponse,
  TranscriptSearchHitJson,
  TranscriptSearchResponse,
  TranscriptTurnJson,
  TranscriptWordJson,
} from '../schemas/transcriptSchemas.ts';
import { ChangePasswordBody, LoginBody, LoginResponse, MeResponse, UserJson } from '../schemas/userSchemas.ts';
import {
  CreateRecalibrationBody,
  CreateVerifiedSpanBody,
  MediaAttributesBody,
  QualityAlertsResponse,
  QualitySettingsJson,
  QualitySettingsPatchBody,
  RecalibrationJson,
  RecalibrationsResponse,
  SpeakerAttributesBody,
  VerifiedSpanJson,
  VerifiedSpansResponse,
} from '@verbatim/core/api';

/** Every schema of the API by its component name; the routes refer to them by $ref (see {@link nameApiComponents}). */
export const API_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Error: ErrorResponse,
  Role: RoleJson,
  User: UserJson,
  Project: ProjectJson,
  Member: MemberJson,
  ApiToken: ApiTokenJson,
  ReadinessCheck,
  Health: HealthResponse,
  Readiness: ReadinessResponse,
  LoginBody,
  LoginResponse,
  Me: MeResponse,
  ChangePasswordBody,
  UserSummary: UserSummaryJson,
  CreateUserBody,
  ResetPasswordBody,
  CreatedUser: CreatedUserResponse,
  Account: AccountJson,
  UpdateUserBody,
  UpdatedUser: UpdatedUserResponse,
  UserList: UserListResponse,
  UserLookup: UserLookupResponse,
  Users: UsersResponse,
  TokenList: TokenListResponse,
  CreateTokenBody,
  CreatedToken: CreatedTokenResponse,
  ProjectList: ProjectListResponse,
  CreateProjectBody,
  UpdateProjectBody,
  MemberList: MemberListResponse,
  PutMemberBody,
  VocabularySource: VocabularySourceJson,
  VocabularyEntry: VocabularyEntryJson,
  VocabularyEntryBody,
  VocabularySourceBody,
  AddVocabularyEntryBody,
  Vocabulary: VocabularyResponse,
  PutVocabularyBody,
  VocabularyProblem: VocabularyProblemJson,
  InvalidVocabularyError: InvalidVocabularyResponse,
  CheckVocabularyBody,
  VocabularyCheck: VocabularyCheckResponse,
  Media: MediaJson,
  MediaList: MediaListResponse,
  UploadedMedia: UploadMediaResponse,
  WaveformPeaks: WaveformPeaksJson,
  JobState: JobStateJson,
  Job: JobJson,
  JobList: JobListResponse,
  CreateJobBody,
  Transcript: TranscriptJson,
  TranscriptList: TranscriptListResponse,
  TranscriptWord: TranscriptWordJson,
  TranscriptTurn: TranscriptTurnJson,
  TranscriptDetail: TranscriptDetailResponse,
  SearchHit: TranscriptSearchHitJson,
  SearchResult: TranscriptSearchResponse,
  Plugin: PluginJson,
  PluginProblem: PluginProblemJson,
  PluginList: PluginListResponse,
  ProjectPlugin: ProjectPluginJson,
  ProjectPluginList: ProjectPluginListResponse,
  PluginChange: PluginChangeJson,
  PluginChangeList: PluginChangeListResponse,
  Review: ReviewJson,
  ReviewList: ReviewListResponse,
  CreateReviewBody,
  FlaggedWord: FlaggedWordJson,
  FlaggedWords: FlaggedWordsResponse,
  ModelQuality: ModelQualityJson,
  Quality: QualityResponse,
  VerifiedSpan: VerifiedSpanJson,
  VerifiedSpans: VerifiedSpansResponse,
  CreateVerifiedSpanBody,
  MediaAttributes: MediaAttributesBody,
  SpeakerAttributes: SpeakerAttributesBody,
  QualitySettings: QualitySettingsJson,
  QualitySettingsPatchBody,
  QualityAlerts: QualityAlertsResponse,
  Recalibration: RecalibrationJson,
  Recalibrations: RecalibrationsResponse,
  CreateRecalibrationBody,
  OpenApiDocument: OpenApiDocumentJson,
  ...MODEL_API_COMPONENTS,
  ...LIFECYCLE_API_COMPONENTS,
  ...TRAINING_API_COMPONENTS,
  ...LIVE_API_COMPONENTS,
  ...LIVE_VIEW_API_COMPONENTS,
  SpeakersSetting: SpeakersSettingJson,
  TranscriptionSettings: TranscriptionSettingsJson,
  TranscriptionSettingsPatchBody,
};

/**
 * Gives each of {@link API_COMPONENTS} its name as the OpenAPI generator's reference id, so the document says
 * `{ "$ref": "#/components/schemas/<name>" }` wherever a route (or another schema) uses it. The schemas themselves are
 * left as they are (zod's `.openapi(name)` would make a copy, which the routes do not use). Idempotent.
 */
export function nameApiComponents(): void {
  for (const [refId, schema] of Object.entries(API_COMPONENTS)) {
    const metadata = zodToOpenAPIRegistry.get(schema);
    if (metadata?._internal?.refId === refId) continue;
    zodToOpenAPIRegistry.add(schema, { ...metadata, _internal: { ...metadata?._internal, refId } });
  }
}
