import { z } from 'zod';
import { API_OPERATIONS, type ApiOperation } from './apiOperations.ts';
import { MediaJson, MediaListResponse, UploadMediaResponse, WaveformPeaksJson } from '../media/mediaSchemas.ts';
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
} from '../vocabulary/vocabularySchemas.ts';
import {
  PluginChangeJson,
  PluginChangeListResponse,
  PluginJson,
  PluginListResponse,
  PluginProblemJson,
  ProjectPluginJson,
  ProjectPluginListResponse,
} from '../plugins/pluginSchemas.ts';
import {
  CreateReviewBody,
  FlaggedWordJson,
  FlaggedWordsResponse,
  ModelQualityJson,
  QualityResponse,
  ReviewJson,
  ReviewListResponse,
} from '../reviews/reviewSchemas.ts';
import { CreateJobBody, JobJson, JobListResponse, JobStateJson } from './routes/jobSchemas.ts';
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
} from './schemas/accountSchemas.ts';
import { ErrorResponse } from './schemas/errorSchemas.ts';
import { HealthResponse, ReadinessCheck, ReadinessResponse } from './schemas/healthSchemas.ts';
import { MemberJson, MemberListResponse, PutMemberBody } from './schemas/memberSchemas.ts';
import { OpenApiDocumentJson } from './schemas/openApiSchemas.ts';
import { CreateProjectBody, ProjectJson, ProjectListResponse, RoleJson, UpdateProjectBody } from './schemas/projectSchemas.ts';
import { ApiTokenJson, CreatedTokenResponse, CreateTokenBody, TokenListResponse } from './schemas/tokenSchemas.ts';
import {
  TranscriptDetailResponse,
  TranscriptJson,
  TranscriptListResponse,
  TranscriptSearchHitJson,
  TranscriptSearchResponse,
  TranscriptTurnJson,
  TranscriptWordJson,
} from './schemas/transcriptSchemas.ts';
import { ChangePasswordBody, LoginBody, LoginResponse, MeResponse, UserJson } from './schemas/userSchemas.ts';

/** The version of the API this document describes. */
export const API_VERSION = '0.1.0';

// Every schema gets a component name; operations refer to them by $ref. Listed parts first, so wholes refer to them.
const COMPONENTS: Readonly<Record<string, z.ZodType>> = {
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
  OpenApiDocument: OpenApiDocumentJson,
};

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad request: malformed JSON, an empty body or an id that cannot exist.',
  401: 'No valid session cookie or API token.',
  403: 'Not allowed: a missing or wrong x-csrf-token on a cookie-authenticated write, or a role too low.',
  404: 'Unknown id, or a project the caller is not a member of.',
  409: 'Conflicts with the current state (e.g. removing the last owner).',
  413: 'The body is larger than 1 MiB.',
  415: 'The body is not sent as application/json.',
  422: 'The JSON does not fit the schema; the message lists each problem.',
  416: 'The Range lies outside the file.',
  429: 'too-many-attempts: too many failed password checks; Retry-After says in how many seconds to try again.',
  503: 'Service unavailable.',
};

type JsonObject = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of the API, generated from {@link API_OPERATIONS} and the same zod schemas the routes
 * validate with (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 expects).
 */
export function openApiDocument(options: { serverUrl?: string; uploadLimitBytes?: number } = {}): JsonObject {
  const names = new Map<z.ZodType, string>(Object.entries(COMPONENTS).map(([name, schema]) => [schema, name]));
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { target: 'draft-2020-12', uri: (id) => `#/components/schemas/${id}` }).schemas;
  const schemas = Object.fromEntries(
    Object.entries(generated).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as JsonObject;
      return [id, rest];
    }),
  );
  const ref = (schema: z.ZodType): JsonObject => {
    const name = names.get(schema);
    if (name === undefined) throw new Error('openApiDocument: an operation uses a schema missing from COMPONENTS');
    return { $ref: `#/components/schemas/${name}` };
  };

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const operation of API_OPERATIONS) {
    const path = operation.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[operation.method] = describeOperation(operation, ref, options.uploadLimitBytes);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Verbatim API',
      version: API_VERSION,
      description:
        'Errors are JSON { "error": { "code", "message" } }. Browsers authenticate with the HttpOnly verbatim_session cookie ' +
        'from POST /api/auth/login and send its CSRF token as x-csrf-token on every POST/PUT/PATCH/DELETE; scripts send ' +
        '"Authorization: Bearer vbt_…" and need no CSRF token. An API token has a scope: read (every GET), transcribe (read, ' +
        'plus POST /api/projects/{id}/media, POST /api/projects/{id}/jobs and POST /api/jobs/{id}/cancel) or write (everything ' +
        "but creating tokens, which takes a signed-in session); the account's project roles apply on top, and a token narrower " +
        'than write opens transcripts (/yjs/{id}) read-only. An account that still has a one-time password gets 403 ' +
        'password-change-required from everything but login, logout, GET /api/me and POST /api/me/password.',
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    components: {
      schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'verbatim_session' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/tokens (vbt_…).' },
      },
    },
    paths,
  };
}

function describeOperation(operation: ApiOperation, ref: (schema: z.ZodType) => JsonObject, uploadLimitBytes: number | undefined): JsonObject {
  const parameters: JsonObject[] = [...operation.path.matchAll(/:(\w+)/g)].map(([, name]) => {
    const text = operation.pathParams?.[name!];
    const schema = text === undefined ? { type: 'string', format: 'uuid' } : { type: 'string', minLength: 1, ...(text.maxLength !== undefined && { maxLength: text.maxLength }) };
    return { name, in: 'path', required: true, ...(text && { description: text.description }), schema };
  });
  for (const [name, query] of Object.entries(operation.query ?? {})) {
    parameters.push({ name, in: 'query', required: query.required === true, description: query.description, schema: inlineSchema(query.schema) });
  }
  if (operation.auth && operation.method !== 'get') {
    parameters.push({
      name: 'x-csrf-token',
      in: 'header',
      required: false,
      description: 'Required when authenticated by the session cookie (see GET /api/me); not with an API token.',
      schema: { type: 'string' },
    });
  }
  const { success } = operation;
  const content = successContent(success, ref);
  const responses: Record<string, JsonObject> = { [success.status]: { description: success.description, ...(content && { content }) } };
  if (success.alsoStatus !== undefined) responses[success.alsoStatus] = { description: success.description, ...(content && { content }) };
  // every authenticated route may refuse a one-time password or (beyond reads) a token's scope
  const errors = operation.auth ? [401, 403, ...operation.errors] : operation.errors;
  for (const status of [...new Set(errors)].sort()) {
    let description = operation.errorText?.[status] ?? STATUS_TEXT[status] ?? 'Error.';
    if (status === 403 && operation.auth) {
      description += ` Also password-change-required: the account must first change its one-time password${operation.method === 'get' ? '' : '; insufficient-scope: the API token\'s scope does not cover this route'}.`;
    }
    if (status === 413 && operation.upload && uploadLimitBytes !== undefined) {
      description += ` This server's limit is ${uploadLimitBytes} bytes per file.`;
    }
    const schema = operation.errorSchemas?.[status];
    const errorRef = schema === undefined ? ref(ErrorResponse) : { anyOf: [ref(schema), ref(ErrorResponse)] };
    responses[status] = { description, content: { 'application/json': { schema: errorRef } } };
  }
  return {
    operationId: operation.id,
    summary: operation.summary,
    tags: [operation.tag],
    ...(operation.auth ? { security: [{ session: [] }, { apiToken: [] }] } : { security: [] }),
    ...(parameters.length > 0 && { parameters }),
    ...(operation.body && { requestBody: { required: true, content: { 'application/json': { schema: ref(operation.body) } } } }),
    ...(operation.upload && { requestBody: { required: true, content: { 'multipart/form-data': UPLOAD_CONTENT } } }),
    responses,
  };
}

// One or more parts named "file"; each part's own name and type are kept as the file name but never trusted.
const UPLOAD_CONTENT: JsonObject = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'array', minItems: 1, items: { type: 'string', contentMediaType: 'application/octet-stream' } } },
  },
  encoding: { file: { contentType: 'application/octet-stream' } },
};

function successContent(success: ApiOperation['success'], ref: (schema: z.ZodType) => JsonObject): JsonObject | undefined {
  if (success.schema !== undefined) return { 'application/json': { schema: ref(success.schema) } };
  if (success.media === undefined) return undefined;
  return Object.fromEntries(
    success.media.map((type) => [
      type,
      { schema: type.startsWith('text/') || type.includes('charset=') ? { type: 'string' } : { type: 'string', contentMediaType: type.split(';')[0] } },
    ]),
  );
}

// Query parameters are small scalars: inlined rather than given component names.
function inlineSchema(schema: z.ZodType): JsonObject {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as JsonObject;
  return rest;
}
