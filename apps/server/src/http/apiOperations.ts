import type { z } from 'zod';
import { HealthResponse, ReadinessResponse } from './schemas/healthSchemas.ts';
import { MemberJson, MemberListResponse, PutMemberBody } from './schemas/memberSchemas.ts';
import { CreateProjectBody, ProjectJson, ProjectListResponse, UpdateProjectBody } from './schemas/projectSchemas.ts';
import { CreatedTokenResponse, CreateTokenBody, TokenListResponse } from './schemas/tokenSchemas.ts';
import { ChangePasswordBody, LoginBody, LoginResponse, MeResponse } from './schemas/userSchemas.ts';

/** One route of the API as the OpenAPI document describes it. */
export interface ApiOperation {
  /** The OpenAPI operationId. */
  readonly id: string;
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono style: `/api/projects/:id`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** Whether the caller must be logged in (session cookie) or send an API token. */
  readonly auth: boolean;
  readonly body?: z.ZodType;
  /** The success status and its body (none for 204); `alsoStatus` is answered with the same body (201 created, 503 not ready). */
  readonly success: {
    readonly status: 200 | 201 | 202 | 204;
    readonly alsoStatus?: 201 | 503;
    readonly schema?: z.ZodType;
    readonly description: string;
  };
  /** Error statuses this route answers for a bad request, beyond 401 for `auth` routes. */
  readonly errors: readonly number[];
}

/**
 * Every route of the API; `openApiDocument` turns it into `/api/openapi.json`, and a test checks it against the
 * routes the app really has, so the two cannot drift apart.
 */
export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    id: 'health', method: 'get', path: '/healthz', tag: 'operations', auth: false, errors: [],
    summary: 'Liveness: the process answers.',
    success: { status: 200, schema: HealthResponse, description: 'The server is up.' },
  },
  {
    id: 'readiness', method: 'get', path: '/readyz', tag: 'operations', auth: false, errors: [],
    summary: 'Readiness: the database answers and the model bundle is present.',
    success: { status: 200, alsoStatus: 503, schema: ReadinessResponse, description: 'Ready to serve (200) or not (503), with each check.' },
  },
  {
    id: 'metrics', method: 'get', path: '/metrics', tag: 'operations', auth: false, errors: [403],
    summary: 'Prometheus metrics; answered on loopback (not via a proxy) or to an administrator.',
    success: { status: 200, description: 'The Prometheus text exposition format.' },
  },
  {
    id: 'openApi', method: 'get', path: '/api/openapi.json', tag: 'operations', auth: false, errors: [],
    summary: 'This document.',
    success: { status: 200, description: 'The OpenAPI 3.1 document.' },
  },
  {
    id: 'login', method: 'post', path: '/api/auth/login', tag: 'auth', auth: false, body: LoginBody, errors: [400, 401, 413, 415, 422],
    summary: 'Log in with email and password: sets the HttpOnly session cookie and returns the CSRF token.',
    success: { status: 200, schema: LoginResponse, description: 'Logged in.' },
  },
  {
    id: 'logout', method: 'post', path: '/api/auth/logout', tag: 'auth', auth: false, errors: [403],
    summary: 'End the session of the cookie (needs x-csrf-token) and clear the cookie.',
    success: { status: 204, description: 'Logged out (also when there was no session).' },
  },
  {
    id: 'getMe', method: 'get', path: '/api/me', tag: 'auth', auth: true, errors: [],
    summary: 'The caller, its CSRF token (cookie sessions) and its projects.',
    success: { status: 200, schema: MeResponse, description: 'The caller.' },
  },
  {
    id: 'changePassword', method: 'post', path: '/api/me/password', tag: 'auth', auth: true, body: ChangePasswordBody, errors: [400, 403, 413, 415, 422],
    summary: "Change the caller's password; the account's other sessions end.",
    success: { status: 204, description: 'Changed.' },
  },
  {
    id: 'listTokens', method: 'get', path: '/api/tokens', tag: 'tokens', auth: true, errors: [],
    summary: "The caller's API tokens, newest first, revoked ones included.",
    success: { status: 200, schema: TokenListResponse, description: 'The tokens, without their secrets.' },
  },
  {
    id: 'createToken', method: 'post', path: '/api/tokens', tag: 'tokens', auth: true, body: CreateTokenBody, errors: [400, 403, 413, 415, 422],
    summary: 'Create an API token; its secret is in this response only.',
    success: { status: 201, schema: CreatedTokenResponse, description: 'Created.' },
  },
  {
    id: 'revokeToken', method: 'delete', path: '/api/tokens/:id', tag: 'tokens', auth: true, errors: [400, 403, 404],
    summary: 'Revoke one of your API tokens.',
    success: { status: 204, description: 'Revoked.' },
  },
  {
    id: 'listProjects', method: 'get', path: '/api/projects', tag: 'projects', auth: true, errors: [],
    summary: 'The projects the caller is a member of, with its role in each.',
    success: { status: 200, schema: ProjectListResponse, description: 'The projects.' },
  },
  {
    id: 'createProject', method: 'post', path: '/api/projects', tag: 'projects', auth: true, body: CreateProjectBody, errors: [400, 403, 413, 415, 422],
    summary: 'Create a project; the caller becomes its owner.',
    success: { status: 201, schema: ProjectJson, description: 'Created.' },
  },
  {
    id: 'getProject', method: 'get', path: '/api/projects/:id', tag: 'projects', auth: true, errors: [400, 404],
    summary: 'A project (any member).',
    success: { status: 200, schema: ProjectJson, description: 'The project.' },
  },
  {
    id: 'updateProject', method: 'patch', path: '/api/projects/:id', tag: 'projects', auth: true, body: UpdateProjectBody, errors: [400, 403, 404, 413, 415, 422],
    summary: 'Rename a project (owners).',
    success: { status: 200, schema: ProjectJson, description: 'The changed project.' },
  },
  {
    id: 'listMembers', method: 'get', path: '/api/projects/:id/members', tag: 'members', auth: true, errors: [400, 404],
    summary: "A project's members, owners first (any member).",
    success: { status: 200, schema: MemberListResponse, description: 'The members.' },
  },
  {
    id: 'getMember', method: 'get', path: '/api/projects/:id/members/:userId', tag: 'members', auth: true, errors: [400, 404],
    summary: 'One member of a project (any member).',
    success: { status: 200, schema: MemberJson, description: 'The member.' },
  },
  {
    id: 'putMember', method: 'put', path: '/api/projects/:id/members/:userId', tag: 'members', auth: true, body: PutMemberBody,
    errors: [400, 403, 404, 409, 413, 415, 422],
    summary: "Add an account to a project or change its role (owners); 201 when added, 200 when changed.",
    success: { status: 200, alsoStatus: 201, schema: MemberJson, description: 'The member (201: newly added).' },
  },
  {
    id: 'removeMember', method: 'delete', path: '/api/projects/:id/members/:userId', tag: 'members', auth: true, errors: [400, 403, 404, 409],
    summary: 'Remove a member (owners), or leave a project (yourself).',
    success: { status: 204, description: 'Removed.' },
  },
  {
    id: 'getVocabulary', method: 'get', path: '/api/projects/:id/vocabulary', tag: 'vocabulary', auth: true, errors: [400, 404],
    summary: "A project's vocabulary: the phrases its transcriptions boost, by phrase (any member).",
    success: { status: 200, description: 'The entries: { entries: { phrase, soundsLike?, displayAs?, boost?, createdBy, createdAt, updatedAt }[] }.' },
  },
  {
    id: 'putVocabulary', method: 'put', path: '/api/projects/:id/vocabulary', tag: 'vocabulary', auth: true,
    errors: [400, 403, 404, 413, 415, 422, 503],
    summary: "Replace a project's vocabulary (editors and owners; at most 10,000 entries); 422 invalid-vocabulary lists in error.problems every entry the model cannot use.",
    success: { status: 200, description: 'The new vocabulary: { entries }. The body is { entries: { phrase, soundsLike?, displayAs?, boost? }[] }.' },
  },
  {
    id: 'addVocabularyEntry', method: 'post', path: '/api/projects/:id/vocabulary', tag: 'vocabulary', auth: true,
    errors: [400, 403, 404, 413, 415, 422, 503],
    summary: 'Add one entry, or change the entry with the same phrase (editors and owners); 201 when added, 200 when changed.',
    success: { status: 200, alsoStatus: 201, description: 'The entry (201: newly added). The body is { phrase, soundsLike?, displayAs?, boost? }.' },
  },
  {
    id: 'removeVocabularyEntry', method: 'delete', path: '/api/projects/:id/vocabulary/:phrase', tag: 'vocabulary', auth: true, errors: [400, 403, 404],
    summary: 'Remove one entry by its phrase, URL-encoded (editors and owners).',
    success: { status: 204, description: 'Removed.' },
  },
  {
    id: 'listMedia', method: 'get', path: '/api/projects/:id/media', tag: 'media', auth: true, errors: [400, 404],
    summary: "A project's uploaded files, newest first (any member).",
    success: { status: 200, description: 'The media: { media: Media[] }.' },
  },
  {
    id: 'uploadMedia', method: 'post', path: '/api/projects/:id/media', tag: 'media', auth: true, errors: [400, 403, 404, 413, 415],
    summary:
      'Upload audio or video files as multipart/form-data, one "file" part per file (editors and above). Streamed to disk; ' +
      'each file at most the configured upload limit (413); the type is decided by content, not name (415); empty, ' +
      'truncated or corrupt files are 400. All files of a request are stored, or none.',
    success: { status: 201, description: 'The created media, in the order of the file parts: { media: Media[] }.' },
  },
  {
    id: 'getMedia', method: 'get', path: '/api/media/:id', tag: 'media', auth: true, errors: [400, 404],
    summary: 'One uploaded file (members of its project).',
    success: { status: 200, description: 'The media record.' },
  },
  {
    id: 'getMediaAudio', method: 'get', path: '/api/media/:id/audio', tag: 'media', auth: true, errors: [400, 404, 416],
    summary: 'The stored file, with its content type; supports Range requests (206 with Content-Range, 416 outside the file).',
    success: { status: 200, description: 'The bytes (206 for a range).' },
  },
  {
    id: 'getMediaPeaks', method: 'get', path: '/api/media/:id/peaks', tag: 'media', auth: true, errors: [400, 404],
    summary: 'Waveform peaks in BBC audiowaveform JSON (version 2, 8-bit, mono; divide by 128 for [-1, 1]).',
    success: { status: 200, description: '{ version, channels, sample_rate, samples_per_pixel, bits, length, data: [min, max, …] }.' },
  },
  {
    id: 'deleteMedia', method: 'delete', path: '/api/media/:id', tag: 'media', auth: true, errors: [400, 403, 404],
    summary: 'Delete an uploaded file (owners); its stored bytes go when no other media uses them.',
    success: { status: 204, description: 'Deleted.' },
  },
{
    id: 'createJob', method: 'post', path: '/api/projects/:id/jobs', tag: 'jobs', auth: true, errors: [400, 403, 404, 413, 415, 422],
    summary: 'Queue the transcription of one of the project\'s uploads: JSON body { mediaId } (editors and above).',
    success: { status: 202, description: 'The queued job; follow it at /api/jobs/{id}/events.' },
  },
  {
    id: 'listJobs', method: 'get', path: '/api/projects/:id/jobs', tag: 'jobs', auth: true, errors: [400, 404],
    summary: "A project's jobs, newest first (any member); ?state=, ?limit= (1-500), ?cursor= (nextCursor of the previous page).",
    success: { status: 200, description: '{ jobs: Job[], nextCursor: string | null }.' },
  },
  {
    id: 'getJob', method: 'get', path: '/api/jobs/:id', tag: 'jobs', auth: true, errors: [400, 404],
    summary: 'One job: state, progress (0-1), attempts, error, and on success { transcriptId } as its result (members of its project).',
    success: { status: 200, description: 'The job.' },
  },
  {
    id: 'cancelJob', method: 'post', path: '/api/jobs/:id/cancel', tag: 'jobs', auth: true, errors: [400, 403, 404],
    summary: 'Cancel a job (editors and above): a queued one at once, a running one at its next heartbeat; a finished job is returned unchanged.',
    success: { status: 200, description: 'The job after the request.' },
  },
  {
    id: 'jobEvents', method: 'get', path: '/api/jobs/:id/events', tag: 'jobs', auth: true, errors: [400, 404],
    summary: 'Server-Sent Events: an "event: job" message with the job as JSON now and on every progress or state change; the stream ends when the job finishes.',
    success: { status: 200, description: 'text/event-stream.' },
  },
  {
    id: 'listTranscripts', method: 'get', path: '/api/projects/:id/transcripts', tag: 'transcripts', auth: true, errors: [400, 404],
    summary: "A project's transcripts, oldest first (any member).",
    success: { status: 200, description: '{ transcripts: Transcript[] }.' },
  },
  {
    id: 'searchTranscripts', method: 'get', path: '/api/projects/:id/search', tag: 'transcripts', auth: true, errors: [400, 404],
    summary: "Case-insensitive search for ?q= (1-200 characters) in the current text of the project's transcripts (any member).",
    success: { status: 200, description: '{ query, hits: { transcriptId, start, speaker, snippet }[], truncated } (at most 100 hits).' },
  },
  {
    id: 'getTranscript', method: 'get', path: '/api/transcripts/:id', tag: 'transcripts', auth: true, errors: [400, 404],
    summary: 'A transcript: its record (media, model id, version and hash) and its current turns and words, corrections included.',
    success: { status: 200, description: 'The transcript with { turns: { speaker, start, words: { text, start, end, confidence, origin, reviewed }[] }[] }.' },
  },
  {
    id: 'exportTranscript', method: 'get', path: '/api/transcripts/:id/export', tag: 'transcripts', auth: true, errors: [400, 404],
    summary: 'The transcript as it reads now, as a download: ?format=txt (default), srt, vtt, json or docx.',
    success: { status: 200, description: 'The file, with its Content-Type and a Content-Disposition file name.' },
  },
];
