// @verbatim/core/api: the JSON both sides of the HTTP API read, declared once as zod schemas (with the types inferred
// from them): the server validates and documents with them (/api/openapi.json), the workbench imports their types.
// Runtime-neutral; only zod.
export { JobJson, JobStateJson, LmModeJson, TranscribeJobPayloadJson, TranscribeJobResultJson } from './api/JobJson.ts';
export {
  CaptionJson,
  CaptionWordJson,
  CreateLiveSessionBody,
  LIVE_AUDIO_ENCODING,
  LIVE_CLOSE_CODES,
  LIVE_MAX_FRAME_BYTES,
  LiveClientMessage,
  LiveEndMessage,
  LiveServerMessage,
  LiveSessionJson,
  LiveSessionStateJson,
  LiveStartMessage,
  LiveViewerLinkJson,
  LiveViewJson,
  StopLiveSessionBody,
} from './api/LiveJson.ts';
export { MediaJson } from './api/MediaJson.ts';
export { SpeakersSettingJson, TranscriptionSettingsJson, TranscriptionSettingsPatchBody } from './api/TranscriptionSettingsJson.ts';
export { MemberJson } from './api/MemberJson.ts';
export { PluginChangeJson } from './api/PluginChangeJson.ts';
export { PluginJson, ProjectPluginJson } from './api/PluginJson.ts';
export { ProjectJson, ProjectRoleJson } from './api/ProjectJson.ts';
export {
  CreateModelComparisonBody,
  CreateRerunBody,
  InstalledModelJson,
  InstallModelBody,
  ModelAliasActionJson,
  ModelAliasEventJson,
  ModelAliasJson,
  ModelAliasNameJson,
  ModelComparisonJson,
  ModelComparisonRowJson,
  ModelIdentityJson,
  ModelInstallJson,
  ModelLayoutJson,
  ModelLineageJson,
  ModelRefJson,
  PromoteModelBody,
  RerunJson,
  RetranscribeBody,
  RetranscribeJobPayloadJson,
  RollbackModelBody,
  SetModelAliasBody,
  TranscriptRevisionJson,
} from './api/ModelJson.ts';
export {
  TrainingAttributesJson,
  TrainingDropExampleJson,
  TrainingDropReasonJson,
  TrainingExportInfoJson,
  TrainingExportRecordJson,
  TrainingExportReportJson,
  TrainingManifestLineJson,
  TrainingSplitCountsJson,
  TrainingSplitJson,
} from './api/TrainingExportJson.ts';
export {
  ATTRIBUTE_LIMITS,
  CorrectionCountJson,
  CreateRecalibrationBody,
  CreateVerifiedSpanBody,
  DisparityJson,
  ErrorRateJson,
  FieldMeasuresJson,
  FlagQualityJson,
  IntervalJson,
  MediaAttributesBody,
  ModelQualityJson,
  QualityAlertJson,
  QualityAlertsResponse,
  QualityAlertStateJson,
  QualityProblemJson,
  QualityResponse,
  QualitySettingsJson,
  QualitySettingsPatchBody,
  QualitySliceGroupJson,
  QualitySliceJson,
  QualityTrendPointJson,
  RecalibrationJson,
  RecalibrationsResponse,
  RecordingAttributesJson,
  ReliabilityBinJson,
  SpeakerAttributesBody,
  VerifiedSpanJson,
  VerifiedSpansResponse,
} from './api/QualityJson.ts';
export { CreateReviewBody, FlaggedWordJson, FlaggedWordsResponse, MAX_REVIEW_TEXT_CHARS, ReviewActionJson, ReviewJson } from './api/ReviewJson.ts';
export { SearchHitJson } from './api/SearchHitJson.ts';
export { TranscriptJson } from './api/TranscriptJson.ts';
export { LoginResponseJson, MeJson, UserJson } from './api/UserJson.ts';
