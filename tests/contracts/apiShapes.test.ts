// The HTTP API's JSON, declared once in @verbatim/core/api: the server validates and documents with those schemas and
// the workbench reads its responses typed by them. Here the real `npm start` server (real database, bundled model, a
// real transcription) answers, and a job (from the list and from its event stream), a review, a quality row and the
// records around them must parse with the schemas, strictly: no field missing, none the schema does not declare.
import { rmSync } from 'node:fs';
import {
  MeJson,
  UserJson,
  JobJson,
  MediaJson,
  ModelQualityJson,
  PluginChangeJson,
  ProjectJson,
  ReviewJson,
  TranscribeJobPayloadJson,
  TranscribeJobResultJson,
  TranscriptJson,
} from '@verbatim/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProject, type SeededProject } from '../browser/harness/seedProject.ts';
import { startServer, type RunningServer } from '../browser/harness/startServer.ts';

let server: RunningServer;
let seeded: SeededProject;

beforeAll(async () => {
  server = await startServer();
  seeded = await seedProject(server);
});

afterAll(async () => {
  if (seeded !== undefined) rmSync(seeded.dir, { recursive: true, force: true });
  await server?.stop();
});

describe('the server answers with the JSON @verbatim/core/api declares', () => {
  it('for a job, in the list and in its event stream, with its transcribe payload and result', async () => {
    const { jobs } = await seeded.admin.call<{ jobs: unknown[] }>('GET', `/api/projects/${seeded.projectId}/jobs`);
    expect(jobs).toHaveLength(1);
    const job = JobJson.strict().parse(jobs[0]);
    expect(job.state).toBe('succeeded');
    expect(TranscribeJobPayloadJson.strict().parse(job.payload).mediaId).toBe(seeded.mediaId);
    expect(TranscribeJobResultJson.strict().parse(job.result).transcriptId).toBe(seeded.transcriptId);

    // a finished job's stream sends it once and ends
    const response = await fetch(`${server.url}/api/jobs/${job.id}/events`, { headers: { cookie: seeded.admin.cookie } });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const data = /^data: (.+)$/m.exec(await response.text())?.[1];
    expect(JobJson.strict().parse(JSON.parse(data!))).toEqual(job);
  });

  it('for a review, when it is recorded and in the list', async () => {
    const flagged = await seeded.admin.call<{ items: { transcriptId: string; text: string; start: number; end: number; confidence: number }[] }>(
      'GET',
      `/api/projects/${seeded.projectId}/flagged`,
    );
    const word = flagged.items[0]!;
    const recorded = await seeded.admin.call('POST', `/api/transcripts/${word.transcriptId}/reviews`, {
      action: 'accept',
      start: word.start,
      end: word.end,
      before: word.text,
      after: word.text,
      confidence: word.confidence,
    });
    const review = ReviewJson.strict().parse(recorded);
    expect(review).toMatchObject({ action: 'accept', userId: seeded.admin.user.id, withdrawnAt: null });
    const { reviews } = await seeded.admin.call<{ reviews: unknown[] }>('GET', `/api/transcripts/${word.transcriptId}/reviews`);
    expect(reviews.map((r) => ReviewJson.strict().parse(r))).toEqual([review]);
  });

  it('for a quality row', async () => {
    const { models } = await seeded.admin.call<{ models: unknown[] }>('GET', `/api/projects/${seeded.projectId}/quality`);
    expect(models).toHaveLength(1);
    const row = ModelQualityJson.strict().parse(models[0]);
    expect(row.transcripts).toBe(1);
    expect(row.words).toBeGreaterThan(0);
  });

  it('for the transcript, project, media and plugin-change records the editor opens', async () => {
    const transcript = TranscriptJson.strict().parse(await seeded.admin.call('GET', `/api/transcripts/${seeded.transcriptId}?turns=0`));
    expect(transcript.mediaId).toBe(seeded.mediaId);
    expect(ProjectJson.strict().parse(await seeded.admin.call('GET', `/api/projects/${seeded.projectId}`)).role).toBe('owner');
    expect(MediaJson.strict().parse(await seeded.admin.call('GET', `/api/media/${seeded.mediaId}`)).id).toBe(seeded.mediaId);
    const { changes } = await seeded.admin.call<{ changes: unknown[] }>('GET', `/api/transcripts/${seeded.transcriptId}/plugin-changes`);
    for (const change of changes) PluginChangeJson.strict().parse(change);
  });

  it('for the signed-in user (GET /api/me), which the workbench starts from', async () => {
    const me = MeJson.strict().parse(await seeded.admin.call('GET', '/api/me'));
    expect(UserJson.strict().parse(me.user).isAdmin).toBe(true);
    expect(me.memberships.map((project) => ProjectJson.strict().parse(project).id)).toContain(seeded.projectId);
  });

  it('and a schema refuses what it does not declare, so the checks above can fail', async () => {
    const project = await seeded.admin.call<Record<string, unknown>>('GET', `/api/projects/${seeded.projectId}`);
    expect(ProjectJson.strict().safeParse({ ...project, extra: 1 }).success).toBe(false);
    const { reviewThreshold: _left, ...missing } = project;
    expect(ProjectJson.strict().safeParse(missing).success).toBe(false);
  });
});
