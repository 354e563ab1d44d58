// The complete authorisation matrix: every route the app serves (from its OpenAPI document, so a new route without a row
// fails here), the collaboration room upgrade and the audio, peaks and export URLs, called by every kind of caller
// against one project holding real media, a transcript and a job. The expected status is derived from the row's
// project action and PROJECT_ACTION_ROLES: allowed → the route's success status, anonymous → 401, a non-member or a
// member of another project → 404 (an instance administrator too: it grants no access to content), a member whose
// role is too low → 403. Account administration routes are for administrators only: anyone else signed in → 403.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Segment } from '@verbatim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import { PROJECT_ACTION_ROLES, type ProjectAction } from '../auth/ProjectAction.ts';
import { roleAtLeast, type ProjectRole } from '../auth/ProjectRole.ts';
import type { Project } from '../auth/ProjectStore.ts';
import { LiveSessionStore } from '../live/LiveSessionStore.ts';
import { hashToken } from '../auth/hashToken.ts';
import { MediaStore } from '../media/MediaStore.ts';
import { ModelStore } from '@verbatim/asr/node';
import { ModelRegistry } from '../models/ModelRegistry.ts';
import { TEST_BUNDLE, writeVariant } from '../../test/modelStoreFixtures.ts';
import { TranscriptRevisionStore } from '../transcripts/revisions/TranscriptRevisionStore.ts';
import { TranscriptStore } from '../transcripts/TranscriptStore.ts';
import { apiOperationKeys } from './openapi/apiDocument.ts';
import { EXPORT_FORMATS } from './routes/transcriptExport.ts';
import { bearer, errorOf, startTestServer, type TestServer, type TestUser } from '../../test/testServer.ts';

type Member = 'owner' | 'editor' | 'reviewer' | 'viewer';
/** `crossProject` owns another project; `stranger` is logged in and in no project; `admin` is an instance administrator in no project. */
type Caller = Member | 'crossProject' | 'stranger' | 'admin' | 'anonymous';
const CALLERS: readonly Caller[] = ['owner', 'editor', 'reviewer', 'viewer', 'crossProject', 'stranger', 'admin', 'anonymous'];
const MEMBERS: readonly Member[] = ['owner', 'editor', 'reviewer', 'viewer'];

/** Who may call a route: anyone, any logged-in account, instance administrators, or the members whose role allows a project action. */
type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'account' }
  | { readonly kind: 'admin' }
  | { readonly kind: 'project'; readonly action: ProjectAction };

interface Row {
  readonly access: Access;
  /** The status an allowed caller gets. */
  readonly success: number;
  readonly method: string;
  path(caller: Caller): string;
  body?(caller: Caller): FormData | object;
  readonly headers?: Record<string, string>;
  /** Called with the caller's session cookie and CSRF token instead of its API token (routes for signed-in people only). */
  readonly session?: true;
  /** Puts the data back the way the route expects before each call. */
  reset?(): Promise<void> | void;
  /** Repairs what the call changed for the caller (a password change revokes its API token). */
  after?(caller: Caller): void;
}

const PUBLIC: Access = { kind: 'public' };
const ACCOUNT: Access = { kind: 'account' };
const ADMIN: Access = { kind: 'admin' };
const can = (action: ProjectAction): Access => ({ kind: 'project', action });

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'ab'.repeat(32) };
const SEGMENTS: Segment[] = [
  {
    speaker: 'Ada',
    start: 0,
    end: 1.2,
    words: [
      { text: 'the', start: 0, end: 0.2, confidence: 0.9 },
      { text: 'quick', start: 0.3, end: 0.7, confidence: 0.8 },
      { text: 'fox', start: 0.8, end: 1.2, confidence: 0.95 },
    ],
  },
];

let server: TestServer;
let fixtures: string;
let speechWav: Uint8Array;
let users: Record<Exclude<Caller, 'anonymous'>, TestUser>;
let spare: TestUser;
let loginUser: TestUser;
let project: Project;
let otherProject: Project;
let mediaId: string;
let victimMediaId: string | undefined;
let victimTranscriptId: string | undefined;
let victimProjectId: string | undefined;
let transcriptId: string;
/** A transcript of its own for the re-run, re-transcribe and restore rows: their jobs and restores change its text. */
let rerunTranscriptId: string;
let comparisonId: string | undefined;
let jobId: string;
/** The server's model registry, through the test's connection; holds the shipped bundle and a variant to remove. */
let models: ModelRegistry;
let modelToRemove: string;
let installId: string | undefined;
let liveSessionId: string | undefined;
let stoppableLiveSessionId: string | undefined;
/** A viewer link's token of a session of its own (the viewer-link rows rotate the other session's link). */
let viewerToken: string | undefined;

beforeAll(async () => {
  fixtures = mkdtempSync(join(tmpdir(), 'vwb-authz-'));
  execFileSync('nice', ['-n', '19', 'espeak-ng', '-w', join(fixtures, 'speech.wav'), 'The quick brown fox.']);
  speechWav = new Uint8Array(readFileSync(join(fixtures, 'speech.wav')));
  server = await startTestServer();
  users = {
    owner: await server.createUser('owner'),
    editor: await server.createUser('editor'),
    reviewer: await server.createUser('reviewer'),
    viewer: await server.createUser('viewer'),
    crossProject: await server.createUser('cross'),
    stranger: await server.createUser('stranger'),
    admin: await server.createUser('root', { isAdmin: true }),
  };
  spare = await server.createUser('spare');
  loginUser = await server.createUser('login');
  project = server.projects.createProject('Interviews', users.owner.user.id);
  for (const role of ['editor', 'reviewer', 'viewer'] as const) server.projects.addMember(project.id, users[role].user.id, role);
  // the other project has media, a transcript and a job of its own, so its owner is a full user elsewhere
  otherProject = server.projects.createProject('Elsewhere', users.crossProject.user.id);
  mediaId = await uploadAs(users.owner, project.id);
  const otherMedia = await uploadAs(users.crossProject, otherProject.id);
  const transcripts = new TranscriptStore(server.db);
  transcriptId = transcripts.create({ projectId: project.id, mediaId, model: MODEL, segments: SEGMENTS }).id;
  transcripts.create({ projectId: otherProject.id, mediaId: otherMedia, model: MODEL, segments: SEGMENTS });
  rerunTranscriptId = transcripts.create({ projectId: project.id, mediaId, model: { ...MODEL, id: 'rerun-model' }, segments: SEGMENTS }).id;
  jobId = await createJobAs(users.owner, project.id, mediaId);
  await createJobAs(users.crossProject, otherProject.id, otherMedia);
  models = new ModelRegistry({ db: server.db, store: new ModelStore(join(server.config.dataDir, 'models')) });
  await models.store.install(TEST_BUNDLE);
  modelToRemove = (await models.store.install(writeVariant(TEST_BUNDLE, join(fixtures, 'variant'), 'matrix'))).ref;
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (fixtures !== undefined) rmSync(fixtures, { recursive: true, force: true });
});

function speechForm(name = 'speech.wav'): FormData {
  const form = new FormData();
  form.append('file', new Blob([speechWav as Uint8Array<ArrayBuffer>]), name);
  return form;
}

async function uploadAs(user: TestUser, projectId: string): Promise<string> {
  const response = await server.fetch(`/api/projects/${projectId}/media`, { method: 'POST', headers: { authorization: `Bearer ${user.token}` }, body: speechForm() });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { media: { id: string }[] }).media[0]!.id;
}

async function createJobAs(user: TestUser, projectId: string, media: string): Promise<string> {
  const response = await server.fetch(`/api/projects/${projectId}/jobs`, { method: 'POST', headers: bearer(user.token), body: JSON.stringify({ mediaId: media }) });
  expect(response.status, await response.clone().text()).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

/** Sets data up over HTTP as the owner; whether it was already that way does not matter. */
function newViewerToken(): string {
  const token = 'matrix-viewer-token-0123456789abcdef';
  new LiveSessionStore(server.db).setViewerToken(newLiveSession(), hashToken(token), Date.now());
  return token;
}

function newLiveSession(): string {
  return new LiveSessionStore(server.db).create({ projectId: project.id, title: 'Matrix talk', createdBy: users.owner.user.id, model: MODEL, sampleRate: 16000 }).id;
}

async function asOwner(method: string, path: string, body?: object): Promise<void> {
  const response = await server.fetch(path, { method, headers: bearer(users.owner.token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  await response.body?.cancel();
}

function passwordOf(caller: Caller): string {
  return caller === 'anonymous' ? 'not a password at all' : users[caller].password;
}

// One row per API operation, keyed `METHOD /path/:param` (see apiOperationKeys).
const ROUTES: Record<string, Row> = {
  'GET /healthz': { access: PUBLIC, success: 200, method: 'GET', path: () => '/healthz' },
  'GET /readyz': { access: PUBLIC, success: 200, method: 'GET', path: () => '/readyz' },
  // answered to everyone on loopback, which is where the test calls from
  'GET /metrics': { access: PUBLIC, success: 200, method: 'GET', path: () => '/metrics' },
  'GET /api/openapi.json': { access: PUBLIC, success: 200, method: 'GET', path: () => '/api/openapi.json' },
  'POST /api/auth/login': {
    access: PUBLIC,
    success: 200,
    method: 'POST',
    path: () => '/api/auth/login',
    body: () => ({ email: loginUser.user.email, password: loginUser.password }),
  },
  'POST /api/auth/logout': { access: PUBLIC, success: 204, method: 'POST', path: () => '/api/auth/logout' },
  'GET /api/me': { access: ACCOUNT, success: 200, method: 'GET', path: () => '/api/me' },
  'POST /api/me/password': {
    access: ACCOUNT,
    success: 204,
    method: 'POST',
    path: () => '/api/me/password',
    body: (caller) => ({ currentPassword: passwordOf(caller), newPassword: passwordOf(caller) }),
    // the change revoked every token of the caller's, the one it came with included
    after: (caller) => {
      if (caller !== 'anonymous') users[caller].token = server.tokens.create(users[caller].user.id, 'matrix').token;
    },
  },
  'POST /api/users': {
    access: ADMIN,
    success: 201,
    method: 'POST',
    path: () => '/api/users',
    // a fresh address every call, so an allowed call never meets email-taken
    body: (caller) => ({ email: `matrix-${caller}-${randomUUID()}@example.org` }),
  },
  'GET /api/users': { access: ADMIN, success: 200, method: 'GET', path: () => '/api/users' },
  // reactivating an active account changes nothing, so every allowed call can repeat it
  'PATCH /api/users/:id': {
    access: ADMIN,
    success: 200,
    method: 'PATCH',
    path: () => `/api/users/${spare.user.id}`,
    body: () => ({ disabled: false }),
  },
  'POST /api/users/:id/password': {
    access: ADMIN,
    success: 200,
    method: 'POST',
    path: () => `/api/users/${spare.user.id}/password`,
    body: () => ({}),
  },
  'GET /api/tokens': { access: ACCOUNT, success: 200, method: 'GET', path: () => '/api/tokens' },
  // a token cannot mint tokens: this is a signed-in person's
  'POST /api/tokens': { access: ACCOUNT, success: 201, method: 'POST', path: () => '/api/tokens', body: () => ({ name: 'matrix' }), session: true },
  'DELETE /api/tokens/:id': {
    access: ACCOUNT,
    success: 204,
    method: 'DELETE',
    // a fresh token of the caller's own (the owner's for anonymous) to revoke
    path: (caller) => `/api/tokens/${server.tokens.create(users[caller === 'anonymous' ? 'owner' : caller].user.id, 'to revoke').apiToken.id}`,
  },
  'GET /api/projects': { access: ACCOUNT, success: 200, method: 'GET', path: () => '/api/projects' },
  'POST /api/projects': { access: ACCOUNT, success: 201, method: 'POST', path: () => '/api/projects', body: () => ({ name: 'Scratch' }) },
  'GET /api/projects/:id': { access: can('project.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}` },
  'PATCH /api/projects/:id': {
    access: can('project.update'),
    success: 200,
    method: 'PATCH',
    path: () => `/api/projects/${project.id}`,
    body: () => ({ name: 'Interviews' }),
  },
  // a project of its own with every member role, made again after each allowed deletion
  'DELETE /api/projects/:id': {
    access: can('project.delete'),
    success: 204,
    method: 'DELETE',
    path: () => `/api/projects/${victimProjectId}`,
    reset() {
      if (victimProjectId !== undefined && server.projects.getProject(victimProjectId) !== undefined) return;
      victimProjectId = server.projects.createProject('To delete', users.owner.user.id).id;
      for (const role of ['editor', 'reviewer', 'viewer'] as const) server.projects.addMember(victimProjectId, users[role].user.id, role);
    },
  },
  'GET /api/projects/:id/members': { access: can('members.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/members` },
  'GET /api/projects/:id/members/:userId': {
    access: can('members.read'),
    success: 200,
    method: 'GET',
    path: () => `/api/projects/${project.id}/members/${users.owner.user.id}`,
  },
  'PUT /api/projects/:id/members/:userId': {
    access: can('members.manage'),
    success: 201,
    method: 'PUT',
    path: () => `/api/projects/${project.id}/members/${spare.user.id}`,
    body: () => ({ role: 'viewer' }),
    reset: () => void server.projects.removeMember(project.id, spare.user.id),
  },
  'DELETE /api/projects/:id/members/:userId': {
    access: can('members.manage'),
    success: 204,
    method: 'DELETE',
    path: () => `/api/projects/${project.id}/members/${spare.user.id}`,
    reset: () => void server.projects.addMember(project.id, spare.user.id, 'viewer'),
  },
  // the test bundle spells with the letters a and b
  'GET /api/projects/:id/vocabulary': { access: can('project.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/vocabulary` },
  'PUT /api/projects/:id/vocabulary': {
    access: can('vocabulary.manage'),
    success: 200,
    method: 'PUT',
    path: () => `/api/projects/${project.id}/vocabulary`,
    body: () => ({ entries: [{ phrase: 'ab' }] }),
  },
  'POST /api/projects/:id/vocabulary': {
    access: can('vocabulary.manage'),
    success: 201,
    method: 'POST',
    path: () => `/api/projects/${project.id}/vocabulary`,
    body: () => ({ phrase: 'ba' }),
    reset: () => asOwner('DELETE', `/api/projects/${project.id}/vocabulary/ba`),
  },
  'POST /api/projects/:id/vocabulary/check': {
    access: can('vocabulary.manage'),
    success: 200,
    method: 'POST',
    path: () => `/api/projects/${project.id}/vocabulary/check`,
    body: () => ({ entries: [{ phrase: 'ab', soundsLike: ['b a'] }] }),
  },
  'DELETE /api/projects/:id/vocabulary/:phrase': {
    access: can('vocabulary.manage'),
    success: 204,
    method: 'DELETE',
    path: () => `/api/projects/${project.id}/vocabulary/ab`,
    reset: () => asOwner('POST', `/api/projects/${project.id}/vocabulary`, { phrase: 'ab' }),
  },
  // the test server has the repository's first-party plugins installed
  'GET /api/plugins': { access: ACCOUNT, success: 200, method: 'GET', path: () => '/api/plugins' },
  'GET /api/projects/:id/plugins': { access: can('project.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/plugins` },
  'PUT /api/projects/:id/plugins/:pluginId': {
    access: can('plugins.manage'),
    success: 201,
    method: 'PUT',
    path: () => `/api/projects/${project.id}/plugins/medical`,
    reset: () => asOwner('DELETE', `/api/projects/${project.id}/plugins/medical`),
  },
  'DELETE /api/projects/:id/plugins/:pluginId': {
    access: can('plugins.manage'),
    success: 204,
    method: 'DELETE',
    path: () => `/api/projects/${project.id}/plugins/medical`,
    reset: () => asOwner('PUT', `/api/projects/${project.id}/plugins/medical`),
  },
  'GET /api/projects/:id/media': { access: can('media.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/media` },
  'POST /api/projects/:id/media': {
    access: can('media.upload'),
    success: 201,
    method: 'POST',
    path: () => `/api/projects/${project.id}/media`,
    body: () => speechForm('upload.wav'),
  },
  'GET /api/media/:id': { access: can('media.read'), success: 200, method: 'GET', path: () => `/api/media/${mediaId}` },
  'GET /api/media/:id/audio': { access: can('media.read'), success: 200, method: 'GET', path: () => `/api/media/${mediaId}/audio` },
  'GET /api/media/:id/peaks': { access: can('media.read'), success: 200, method: 'GET', path: () => `/api/media/${mediaId}/peaks` },
  'DELETE /api/media/:id': {
    access: can('media.delete'),
    success: 204,
    method: 'DELETE',
    path: () => `/api/media/${victimMediaId}`,
    async reset() {
      const store = new MediaStore(server.db, { dataDir: server.config.dataDir });
      if (victimMediaId === undefined || store.get(victimMediaId) === undefined) victimMediaId = await uploadAs(users.owner, project.id);
    },
  },
  'POST /api/projects/:id/jobs': {
    access: can('job.create'),
    success: 202,
    method: 'POST',
    path: () => `/api/projects/${project.id}/jobs`,
    body: () => ({ mediaId }),
  },
  'GET /api/projects/:id/jobs': { access: can('job.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/jobs` },
  'GET /api/jobs/:id': { access: can('job.read'), success: 200, method: 'GET', path: () => `/api/jobs/${jobId}` },
  'POST /api/jobs/:id/cancel': { access: can('job.cancel'), success: 200, method: 'POST', path: () => `/api/jobs/${jobId}/cancel` },
  'GET /api/jobs/:id/events': { access: can('job.read'), success: 200, method: 'GET', path: () => `/api/jobs/${jobId}/events` },
  'GET /api/projects/:id/transcripts': {
    access: can('transcript.read'),
    success: 200,
    method: 'GET',
    path: () => `/api/projects/${project.id}/transcripts`,
  },
  'GET /api/projects/:id/search': {
    access: can('transcript.read'),
    success: 200,
    method: 'GET',
    path: () => `/api/projects/${project.id}/search?q=fox`,
  },
  'GET /api/transcripts/:id': { access: can('transcript.read'), success: 200, method: 'GET', path: () => `/api/transcripts/${transcriptId}` },
  'DELETE /api/transcripts/:id': {
    access: can('transcript.delete'),
    success: 204,
    method: 'DELETE',
    path: () => `/api/transcripts/${victimTranscriptId}`,
    reset() {
      const transcripts = new TranscriptStore(server.db);
      if (victimTranscriptId !== undefined && transcripts.get(victimTranscriptId) !== undefined) return;
      victimTranscriptId = transcripts.create({ projectId: project.id, mediaId, model: MODEL, segments: SEGMENTS }).id;
    },
  },
  'GET /api/transcripts/:id/plugin-changes': {
    access: can('transcript.read'),
    success: 200,
    method: 'GET',
    path: () => `/api/transcripts/${transcriptId}/plugin-changes`,
  },
  'GET /api/transcripts/:id/export': {
    access: can('transcript.export'),
    success: 200,
    method: 'GET',
    path: () => `/api/transcripts/${transcriptId}/export`,
  },
  'POST /api/transcripts/:id/reviews': {
    access: can('transcript.review'),
    success: 201,
    method: 'POST',
    path: () => `/api/transcripts/${transcriptId}/reviews`,
    body: () => ({ action: 'accept', start: 0.3, end: 0.7, before: 'quick', after: 'quick', confidence: 0.8 }),
    // one decision per word and action: a repeat would answer 200 with the first
    reset: () => void server.db.prepare('DELETE FROM reviews').run(),
  },
  // an undo withdraws the caller's own accept (another's is refused for another reason, not-your-review)
  'DELETE /api/transcripts/:id/reviews/:reviewId': {
    access: can('transcript.review'),
    success: 200,
    method: 'DELETE',
    path: (caller) => {
      const reviewId = randomUUID();
      server.db
        .prepare(
          `INSERT INTO reviews (id, transcript_id, project_id, user_id, action, start_seconds, end_seconds, before_text, after_text, confidence, model_id, model_version, created_at)
           VALUES (?, ?, ?, ?, 'accept', 0.3, 0.7, 'quick', 'quick', 0.8, ?, ?, 0)`,
        )
        .run(reviewId, transcriptId, project.id, users[caller === 'anonymous' ? 'owner' : caller].user.id, MODEL.id, MODEL.version);
      return `/api/transcripts/${transcriptId}/reviews/${reviewId}`;
    },
    reset: () => void server.db.prepare('DELETE FROM reviews').run(),
  },
  'GET /api/transcripts/:id/reviews': { access: can('transcript.read'), success: 200, method: 'GET', path: () => `/api/transcripts/${transcriptId}/reviews` },
  'GET /api/projects/:id/flagged': { access: can('transcript.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/flagged?threshold=0.85` },
  'GET /api/projects/:id/quality': { access: can('transcript.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/quality` },
  // field quality (issue 14): verified spans, slice attributes, settings, alerts, recalibration
  'GET /api/transcripts/:id/verified-spans': { access: can('transcript.read'), success: 200, method: 'GET', path: () => `/api/transcripts/${transcriptId}/verified-spans` },
  'POST /api/transcripts/:id/verified-spans': {
    access: can('transcript.review'),
    success: 201,
    method: 'POST',
    path: () => `/api/transcripts/${transcriptId}/verified-spans`,
    body: () => ({ scope: 'transcript' }),
  },
  'DELETE /api/transcripts/:id/verified-spans/:spanId': {
    access: can('transcript.review'),
    success: 204,
    method: 'DELETE',
    path: () => {
      const { id } = server.db
        .prepare<[string, string], { id: number }>("INSERT INTO verified_spans (transcript_id, scope, start_ms, end_ms, created_by, created_at) VALUES (?, 'span', 0, 500, ?, 0) RETURNING id")
        .get(transcriptId, users.owner.user.id)!;
      return `/api/transcripts/${transcriptId}/verified-spans/${id}`;
    },
  },
  'GET /api/media/:id/attributes': { access: can('media.read'), success: 200, method: 'GET', path: () => `/api/media/${mediaId}/attributes` },
  'PUT /api/media/:id/attributes': {
    access: can('project.update'),
    success: 200,
    method: 'PUT',
    path: () => `/api/media/${mediaId}/attributes`,
    body: () => ({ attributes: { setting: 'studio' } }),
  },
  'GET /api/projects/:id/speaker-attributes': { access: can('project.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/speaker-attributes` },
  'PUT /api/projects/:id/speaker-attributes': {
    access: can('project.update'),
    success: 200,
    method: 'PUT',
    path: () => `/api/projects/${project.id}/speaker-attributes`,
    body: () => ({ speakers: { Ada: { accent: 'north' } } }),
  },
  'GET /api/projects/:id/quality-settings': { access: can('project.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/quality-settings` },
  'PUT /api/projects/:id/quality-settings': {
    access: can('project.update'),
    success: 200,
    method: 'PUT',
    path: () => `/api/projects/${project.id}/quality-settings`,
    body: () => ({ minWords: 100 }),
  },
  'GET /api/projects/:id/transcription-settings': { access: can('project.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/transcription-settings` },
  'PUT /api/projects/:id/transcription-settings': {
    access: can('job.create'),
    success: 200,
    method: 'PUT',
    path: () => `/api/projects/${project.id}/transcription-settings`,
    body: () => ({ punctuate: true }),
  },
  'GET /api/quality': { access: ADMIN, success: 200, method: 'GET', path: () => '/api/quality' },
  'GET /api/quality/alerts': { access: ACCOUNT, success: 200, method: 'GET', path: () => '/api/quality/alerts' },
  'GET /api/quality/settings': { access: ADMIN, success: 200, method: 'GET', path: () => '/api/quality/settings' },
  'PUT /api/quality/settings': { access: ADMIN, success: 200, method: 'PUT', path: () => '/api/quality/settings', body: () => ({ minWords: 100 }) },
  'GET /api/quality/recalibrations': { access: ADMIN, success: 200, method: 'GET', path: () => '/api/quality/recalibrations' },
  // nothing here is verified: an administrator passes authorisation and is refused for want of data
  'POST /api/quality/recalibrations': {
    access: ADMIN,
    success: 422,
    method: 'POST',
    path: () => '/api/quality/recalibrations',
    body: () => ({ modelId: MODEL.id, modelVersion: MODEL.version }),
  },
  'DELETE /api/quality/recalibrations/:revisionId': {
    access: ADMIN,
    success: 204,
    method: 'DELETE',
    path: () => {
      const { id } = server.db
        .prepare<[string, string], { id: number }>(
          `INSERT INTO calibration_revisions (model_id, model_version, method, a, b, fitted_words, held_out_words, ece_before, ece_after, created_by, created_at)
           VALUES (?, ?, 'platt', 1, 0, 10, 2, 0.1, 0.05, NULL, 0) RETURNING id`,
        )
        .get(MODEL.id, MODEL.version)!;
      return `/api/quality/recalibrations/${id}`;
    },
  },
  // the model registry: the shipped bundle and a variant are installed in beforeAll
  'GET /api/models': { access: ACCOUNT, success: 200, method: 'GET', path: () => '/api/models' },
  'DELETE /api/models/:ref': {
    access: ADMIN,
    success: 204,
    method: 'DELETE',
    path: () => `/api/models/${modelToRemove}`,
    // nothing may use it: no alias points at it (the other rows only ever use the shipped bundle)
    reset: () => void server.db.prepare('DELETE FROM model_aliases WHERE model_version = ?').run('matrix'),
  },
  // an install that fails at once (nothing listens there); the first one is started here, as the administrator
  'GET /api/models/installs/:id': {
    access: ADMIN,
    success: 200,
    method: 'GET',
    path: () => `/api/models/installs/${installId}`,
    async reset() {
      if (installId !== undefined) return;
      const response = await server.fetch('/api/models/installs', { method: 'POST', headers: bearer(users.admin.token), body: JSON.stringify(unreachableInstall()) });
      installId = ((await response.json()) as { id: string }).id;
    },
  },
  // cancelling an install that already ended answers it as it ended
  'DELETE /api/models/installs/:id': { access: ADMIN, success: 200, method: 'DELETE', path: () => `/api/models/installs/${installId}` },
  'POST /api/models/installs': { access: ADMIN, success: 202, method: 'POST', path: () => '/api/models/installs', body: () => unreachableInstall() },
  'GET /api/model-aliases': { access: ACCOUNT, success: 200, method: 'GET', path: () => '/api/model-aliases' },
  'GET /api/model-aliases/history': { access: ACCOUNT, success: 200, method: 'GET', path: () => '/api/model-aliases/history' },
  'PUT /api/model-aliases/:alias': {
    access: ADMIN,
    success: 200,
    method: 'PUT',
    path: () => '/api/model-aliases/candidate',
    body: () => ({ model: 'verbatim-en-char', reason: 'matrix' }),
  },
  'POST /api/model-aliases/promote': {
    access: ADMIN,
    success: 200,
    method: 'POST',
    path: () => '/api/model-aliases/promote',
    body: () => ({ reason: 'matrix' }),
    reset: () => models.setAlias({ alias: 'candidate', model: 'verbatim-en-char', by: users.admin.user.id, reason: 'matrix' }).then(() => undefined),
  },
  'POST /api/model-aliases/:alias/rollback': {
    access: ADMIN,
    success: 200,
    method: 'POST',
    path: () => '/api/model-aliases/candidate/rollback',
    body: () => ({ reason: 'matrix' }),
    reset: () => models.setAlias({ alias: 'candidate', model: 'verbatim-en-char', by: users.admin.user.id, reason: 'matrix' }).then(() => undefined),
  },
  // comparisons: the project's transcript has a standing review, so there is reviewed work to compare on
  'POST /api/projects/:id/model-comparisons': {
    access: can('project.update'),
    success: 202,
    method: 'POST',
    path: () => `/api/projects/${project.id}/model-comparisons`,
    body: () => ({ model: 'verbatim-en-char' }),
    reset: () =>
      void server.db
        .prepare(
          `INSERT INTO reviews (id, transcript_id, project_id, user_id, action, start_seconds, end_seconds, before_text, after_text, confidence, model_id, model_version, created_at)
           VALUES (?, ?, ?, NULL, 'accept', 0.8, 1.2, 'fox', 'fox', 0.95, ?, ?, 0)
           ON CONFLICT DO NOTHING`,
        )
        .run(randomUUID(), transcriptId, project.id, MODEL.id, MODEL.version),
  },
  'GET /api/projects/:id/model-comparisons': { access: can('project.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/model-comparisons` },
  'GET /api/model-comparisons/:id': {
    access: can('project.read'),
    success: 200,
    method: 'GET',
    path: () => `/api/model-comparisons/${comparisonId}`,
    reset() {
      if (comparisonId !== undefined) return;
      comparisonId = randomUUID();
      server.db
        .prepare(
          `INSERT INTO model_comparisons (id, project_id, job_id, candidate_id, candidate_version, candidate_sha256, created_at, created_by)
           VALUES (?, ?, ?, 'verbatim-en-char', '1.0.0', ?, 0, ?)`,
        )
        .run(comparisonId, project.id, jobId, 'cd'.repeat(32), users.owner.user.id);
    },
  },
  // re-runs select the transcripts "rerun-model" made; once one re-ran, its model is the new one: put it back
  'POST /api/projects/:id/reruns': {
    access: can('project.update'),
    success: 202,
    method: 'POST',
    path: () => `/api/projects/${project.id}/reruns`,
    body: () => ({ fromModel: `rerun-model@${MODEL.version}`, model: 'verbatim-en-char' }),
  },
  'GET /api/projects/:id/reruns': { access: can('project.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/reruns` },
  // live sessions: each stop takes a fresh live session of the project, made here as the owner would
  'POST /api/projects/:id/live-sessions': {
    access: can('live.start'),
    success: 201,
    method: 'POST',
    path: () => `/api/projects/${project.id}/live-sessions`,
    body: () => ({ title: 'Matrix talk', model: 'verbatim-en-char' }),
  },
  'GET /api/projects/:id/live-sessions': { access: can('live.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/live-sessions` },
  'GET /api/live-sessions/:id': { access: can('live.read'), success: 200, method: 'GET', path: () => `/api/live-sessions/${liveSessionId}`, reset: () => void (liveSessionId ??= newLiveSession()) },
  'POST /api/live-sessions/:id/stop': {
    access: can('live.manage'),
    success: 200,
    method: 'POST',
    path: () => `/api/live-sessions/${stoppableLiveSessionId}/stop`,
    body: () => ({}),
    reset: () => void (stoppableLiveSessionId = newLiveSession()),
  },
  'POST /api/live-sessions/:id/viewer-link': { access: can('live.manage'), success: 201, method: 'POST', path: () => `/api/live-sessions/${liveSessionId}/viewer-link`, reset: () => void (liveSessionId ??= newLiveSession()) },
  'DELETE /api/live-sessions/:id/viewer-link': { access: can('live.manage'), success: 204, method: 'DELETE', path: () => `/api/live-sessions/${liveSessionId}/viewer-link`, reset: () => void (liveSessionId ??= newLiveSession()) },
  // a viewer link opens its captions to anyone who has it, signed in or not
  'GET /live/view/:token/session': { access: PUBLIC, success: 200, method: 'GET', path: () => `/live/view/${viewerToken}/session`, reset: () => void (viewerToken ??= newViewerToken()) },
  'GET /live/view/:token/events': { access: PUBLIC, success: 200, method: 'GET', path: () => `/live/view/${viewerToken}/events`, reset: () => void (viewerToken ??= newViewerToken()) },
  'GET /live/view/:token/captions.vtt': { access: PUBLIC, success: 200, method: 'GET', path: () => `/live/view/${viewerToken}/captions.vtt`, reset: () => void (viewerToken ??= newViewerToken()) },
  // no default alias is set here: the job fails when it starts, the request is what is checked
  'POST /api/transcripts/:id/retranscribe': {
    access: can('transcript.edit'),
    success: 202,
    method: 'POST',
    path: () => `/api/transcripts/${rerunTranscriptId}/retranscribe`,
    body: () => ({}),
  },
  'GET /api/transcripts/:id/revisions': { access: can('transcript.read'), success: 200, method: 'GET', path: () => `/api/transcripts/${rerunTranscriptId}/revisions` },
  'GET /api/transcripts/:id/revisions/:revisionId': {
    access: can('transcript.read'),
    success: 200,
    method: 'GET',
    path: () => `/api/transcripts/${rerunTranscriptId}/revisions/${new TranscriptRevisionStore(server.db).list(rerunTranscriptId)[0]!.id}`,
  },
  // restoring the first machine output (again) is always possible
  'POST /api/transcripts/:id/revisions/:revisionId/restore': {
    access: can('transcript.edit'),
    success: 200,
    method: 'POST',
    path: () => `/api/transcripts/${rerunTranscriptId}/revisions/${new TranscriptRevisionStore(server.db).list(rerunTranscriptId)[0]!.id}/restore`,
  },
  'GET /api/projects/:id/model-aliases': { access: can('project.read'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/model-aliases` },
  'PUT /api/projects/:id/model-aliases/:alias': {
    access: can('project.update'),
    success: 200,
    method: 'PUT',
    path: () => `/api/projects/${project.id}/model-aliases/candidate`,
    body: () => ({ model: null, reason: 'matrix' }),
  },
  // training data: nothing here is verified, so an owner passes authorisation and is refused for want of data
  'GET /api/projects/:id/training-export': { access: can('project.update'), success: 422, method: 'GET', path: () => `/api/projects/${project.id}/training-export` },
  'GET /api/projects/:id/training-exports': { access: can('project.update'), success: 200, method: 'GET', path: () => `/api/projects/${project.id}/training-exports` },
};

/** A URL install that fails at once: nothing listens on port 9. */
function unreachableInstall(): object {
  return { url: 'https://127.0.0.1:9/model.tar.gz', sha256: '0'.repeat(64) };
}

// The URLs a browser or player fetches beyond the plain routes: a seek into the audio, and every export format.
const URLS: Record<string, Row> = {
  // looking one account up by email is for anyone signed in; the full list is not
  'GET /api/users?email=': { access: ACCOUNT, success: 200, method: 'GET', path: () => `/api/users?email=${users.owner.user.email}` },
  'GET /api/media/:id/audio with Range': {
    access: can('media.read'),
    success: 206,
    method: 'GET',
    path: () => `/api/media/${mediaId}/audio`,
    headers: { range: 'bytes=100-199' },
  },
  // a correction takes more than an accept; the review threshold less than a rename
  'POST /api/transcripts/:id/reviews correcting': {
    access: can('transcript.edit'),
    success: 201,
    method: 'POST',
    path: () => `/api/transcripts/${transcriptId}/reviews`,
    body: () => ({ action: 'correct', start: 0.3, end: 0.7, before: 'quick', after: 'quack', confidence: 0.8 }),
    reset: () => void server.db.prepare('DELETE FROM reviews').run(),
  },
  'PATCH /api/projects/:id with reviewThreshold': {
    access: can('review.configure'),
    success: 200,
    method: 'PATCH',
    path: () => `/api/projects/${project.id}`,
    body: () => ({ reviewThreshold: 0.6 }),
  },
  ...Object.fromEntries(
    EXPORT_FORMATS.map((format): [string, Row] => [
      `GET /api/transcripts/:id/export?format=${format}`,
      { access: can('transcript.export'), success: 200, method: 'GET', path: () => `/api/transcripts/${transcriptId}/export?format=${format}` },
    ]),
  ),
};

/** The status the access rule implies for `caller`. */
function expectedStatus(access: Access, success: number, caller: Caller): number {
  if (access.kind === 'public') return success;
  if (caller === 'anonymous') return 401;
  if (access.kind === 'account') return success;
  if (access.kind === 'admin') return caller === 'admin' ? success : 403;
  if (!isMember(caller)) return 404;
  const required: ProjectRole = PROJECT_ACTION_ROLES[access.action];
  return roleAtLeast(caller, required) ? success : 403;
}

function isMember(caller: Caller): caller is Member {
  return (MEMBERS as readonly Caller[]).includes(caller);
}

async function call(caller: Caller, row: Row): Promise<Response> {
  const body = row.body?.(caller);
  const json = body !== undefined && !(body instanceof FormData);
  const session = row.session === true && caller !== 'anonymous' ? await server.login(users[caller].user.email, users[caller].password) : undefined;
  const credentials: Record<string, string> =
    caller === 'anonymous' ? {} : session !== undefined ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : { authorization: `Bearer ${users[caller].token}` };
  const headers: Record<string, string> = {
    ...credentials,
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...row.headers,
  };
  const init: RequestInit = { method: row.method, headers };
  if (body !== undefined) init.body = json ? JSON.stringify(body) : (body as FormData);
  return server.fetch(row.path(caller), init);
}

async function checkRow(row: Row, caller: Caller): Promise<void> {
  await row.reset?.();
  const response = await call(caller, row);
  row.after?.(caller);
  const expected = expectedStatus(row.access, row.success, caller);
  if (expected >= 400) {
    const error = await errorOf(response);
    expect(error.status).toBe(expected);
    if (expected === 401) expect(error.code).toBe('unauthenticated');
    if (expected === 403) expect(error.code).toBe(row.access.kind === 'admin' ? 'admin-required' : 'insufficient-role');
    // a non-member is told what an unknown id is told: the thing does not exist
    if (expected === 404) expect(error.code).toMatch(/-not-found$/);
    return;
  }
  const text = response.headers.get('content-type')?.startsWith('text/event-stream') ? '' : await response.clone().text();
  expect(response.status, text).toBe(expected);
  // the job events stream stays open while the job runs
  await response.body?.cancel();
}

describe('the authorisation matrix', () => {
  it('has a row for every route the app serves, and none for a route it does not', async () => {
    const served = apiOperationKeys((await (await server.fetch('/api/openapi.json')).json()) as Record<string, unknown>);
    expect(Object.keys(ROUTES).sort()).toEqual(served);
  });

  for (const [name, row] of Object.entries({ ...ROUTES, ...URLS })) {
    it.each(CALLERS)(`${name} as %s`, (caller) => checkRow(row, caller));
  }

  it('lets no one use another project\'s media in their own project', async () => {
    const response = await server.fetch(`/api/projects/${otherProject.id}/jobs`, {
      method: 'POST',
      headers: bearer(users.crossProject.token),
      body: JSON.stringify({ mediaId }),
    });
    expect(await errorOf(response)).toMatchObject({ status: 404, code: 'media-not-found' });
  });
});

/** The HTTP status a WebSocket upgrade is answered with (101 when it opened). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WsClient(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('the collaboration room /yjs/:transcriptId', () => {
  it.each(CALLERS)('upgrades as %s exactly as transcript.read allows', async (caller) => {
    const headers: Record<string, string> = caller === 'anonymous' ? {} : { authorization: `Bearer ${users[caller].token}` };
    const expected = expectedStatus(can('transcript.read'), 101, caller);
    expect(await upgradeStatus(`${server.url.replace(/^http/, 'ws')}/yjs/${transcriptId}`, headers)).toBe(expected);
  });

  it('answers members and the browser session cookie from the same origin alike', async () => {
    for (const member of MEMBERS) {
      const login = await server.login(users[member].user.email, users[member].password);
      const headers = { cookie: login.cookie, origin: server.url };
      expect(await upgradeStatus(`${server.url.replace(/^http/, 'ws')}/yjs/${transcriptId}`, headers)).toBe(101);
    }
  });
});

describe('the live audio source /live/:sessionId/audio', () => {
  let sessionId: string;
  beforeAll(() => {
    sessionId = newLiveSession();
  });

  it.each(CALLERS)('upgrades as %s exactly as live.start allows', async (caller) => {
    const headers: Record<string, string> = caller === 'anonymous' ? {} : { authorization: `Bearer ${users[caller].token}` };
    const expected = expectedStatus(can('live.start'), 101, caller);
    expect(await upgradeStatus(`${server.url.replace(/^http/, 'ws')}/live/${sessionId}/audio`, headers)).toBe(expected);
  });

  it('answers the browser session cookie from the same origin as the role allows, and refuses it from another', async () => {
    for (const member of MEMBERS) {
      const login = await server.login(users[member].user.email, users[member].password);
      const url = `${server.url.replace(/^http/, 'ws')}/live/${sessionId}/audio`;
      expect(await upgradeStatus(url, { cookie: login.cookie, origin: server.url })).toBe(expectedStatus(can('live.start'), 101, member));
      expect(await upgradeStatus(url, { cookie: login.cookie, origin: 'https://elsewhere.example' })).toBe(403);
    }
  });
});
