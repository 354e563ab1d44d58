import type { ApiOperation } from './schemas/ApiOperation.ts';
import { HealthResponse, ReadinessResponse } from './schemas/healthSchemas.ts';
import { JOB_OPERATIONS } from './schemas/jobOperations.ts';
import { MEDIA_OPERATIONS } from './schemas/mediaOperations.ts';
import { MemberJson, MemberListResponse, PutMemberBody } from './schemas/memberSchemas.ts';
import { OpenApiDocumentJson } from './schemas/openApiSchemas.ts';
import { PLUGIN_OPERATIONS } from './schemas/pluginOperations.ts';
import { REVIEW_OPERATIONS } from './schemas/reviewOperations.ts';
import { CreateProjectBody, ProjectJson, ProjectListResponse, UpdateProjectBody } from './schemas/projectSchemas.ts';
import { CreatedTokenResponse, CreateTokenBody, TokenListResponse } from './schemas/tokenSchemas.ts';
import { TRANSCRIPT_OPERATIONS } from './schemas/transcriptOperations.ts';
import { USER_OPERATIONS } from './schemas/userOperations.ts';
import { ChangePasswordBody, LoginBody, LoginResponse, MeResponse } from './schemas/userSchemas.ts';
import { VOCABULARY_OPERATIONS } from './schemas/vocabularyOperations.ts';

// The type moved beside the per-area lists; re-exported so existing imports keep working.
export type { ApiOperation } from './schemas/ApiOperation.ts';

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
    success: { status: 200, media: ['text/plain'], description: 'The Prometheus text exposition format (version 0.0.4).' },
  },
  {
    id: 'openApi', method: 'get', path: '/api/openapi.json', tag: 'operations', auth: false, errors: [],
    summary: 'This document.',
    success: { status: 200, schema: OpenApiDocumentJson, description: 'The OpenAPI 3.1 document.' },
  },
  {
    id: 'login', method: 'post', path: '/api/auth/login', tag: 'auth', auth: false, body: LoginBody, errors: [400, 401, 413, 415, 422, 429, 503],
    errorText: {
      401: 'invalid-credentials: the email or the password is wrong (the same answer for an unknown account).',
      429:
        'too-many-attempts: too many failed password checks from this address on this account (5 in a row, then waits doubling from 1 s up to 15 min), from this address on any accounts (100 per 15 min), or on this account from addresses it has not signed in from (50 per 15 min). Retry-After says when to try again; the password was not checked.',
      503: 'password-hashing-busy: the server is checking too many passwords at once; Retry-After: 1.',
    },
    summary: 'Log in with email and password: sets the HttpOnly session cookie and returns the CSRF token. Throttled per address and account.',
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
    id: 'changePassword', method: 'post', path: '/api/me/password', tag: 'auth', auth: true, body: ChangePasswordBody, errors: [400, 403, 413, 415, 422, 429, 503],
    errorText: {
      403: 'wrong-password: the current password is wrong; or a missing or wrong x-csrf-token on a cookie-authenticated request.',
      429: 'too-many-attempts: too many wrong current passwords (the login throttle counts these too); Retry-After says when to try again.',
      503: 'password-hashing-busy: the server is checking too many passwords at once; Retry-After: 1.',
      422:
        'The JSON does not fit the schema, or the new password is not acceptable: password-too-short, password-too-long, or password-too-weak (guessable: a common password, a word or pattern, or the account\'s own email or name; the message says which).',
    },
    summary:
      "Change the caller's password (and clear mustChangePassword): the account's other sessions end and every one of its API tokens is revoked; the session that made the change stays.",
    success: { status: 204, description: 'Changed.' },
  },
  ...USER_OPERATIONS,
  {
    id: 'listTokens', method: 'get', path: '/api/tokens', tag: 'tokens', auth: true, errors: [],
    summary: "The caller's API tokens, newest first, revoked ones included.",
    success: { status: 200, schema: TokenListResponse, description: 'The tokens, without their secrets.' },
  },
  {
    id: 'createToken', method: 'post', path: '/api/tokens', tag: 'tokens', auth: true, body: CreateTokenBody, errors: [400, 403, 413, 415, 422],
    errorText: {
      403: 'session-required: an API token cannot create tokens; or a missing or wrong x-csrf-token.',
      422: 'The JSON does not fit the schema (an unknown scope, expiresInDays outside 1-365, both expiresInDays and expiresAt), or invalid-token-name, or invalid-token-expiry (expiresAt not in the future or more than 365 days ahead).',
    },
    summary:
      'Create an API token with a scope (read, transcribe or write; default write) and an optional expiry (at most 365 days); signed-in sessions only. Its secret is in this response only.',
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
    summary: 'Change a project: its name (owners) and/or its review threshold, the confidence below which words are flagged (editors and owners).',
    success: { status: 200, schema: ProjectJson, description: 'The changed project.' },
  },
  {
    id: 'deleteProject', method: 'delete', path: '/api/projects/:id', tag: 'projects', auth: true, errors: [400, 403, 404],
    summary:
      'Delete a project (owners) and everything in it, in one transaction: its recordings with their audio and peaks files (removed after the commit, unless another project shares the bytes), transcripts with their edits and reviews, jobs, vocabulary, plugin choices and members. Afterwards every route of it answers 404.',
    success: { status: 204, description: 'Deleted.' },
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
  ...VOCABULARY_OPERATIONS,
  ...MEDIA_OPERATIONS,
  ...JOB_OPERATIONS,
  ...TRANSCRIPT_OPERATIONS,
  ...PLUGIN_OPERATIONS,
  ...REVIEW_OPERATIONS,
];
