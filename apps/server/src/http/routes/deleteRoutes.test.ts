// Deleting a project, a recording or a transcript over HTTP: owners only, rows and files gone together (files after
// the commit, bytes another record shares kept), 404 afterwards, unfinished jobs cancelled and open sockets closed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Segment } from '@verbatim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WsClient } from 'ws';
import { setUpMediaTest, type MediaTest, type MediaResponse } from '../../media/mediaTestFixtures.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { errorOf, type TestUser } from '../testServer.ts';

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'ab'.repeat(32) };
const SEGMENTS: Segment[] = [{ start: 0, end: 1, words: [{ text: 'fox', start: 0, end: 1, confidence: 0.5 }] }];

let t: MediaTest;
beforeAll(async () => {
  t = await setUpMediaTest(1024 * 1024);
}, 60_000);
afterAll(() => t?.close());

function del(user: TestUser, path: string): Promise<Response> {
  return t.server.fetch(path, { method: 'DELETE', headers: { authorization: `Bearer ${user.token}` } });
}

function transcribed(projectId: string, mediaId: string): string {
  return new TranscriptStore(t.server.db).create({ projectId, mediaId, model: MODEL, segments: SEGMENTS }).id;
}

function count(sql: string, ...params: string[]): number {
  return (t.server.db.prepare(sql).get(...params) as { n: number }).n;
}

/** A variant of the test speech with bytes of its own, so no other test shares its blob. */
function uniqueWav(seed: number): Uint8Array {
  const bytes = new Uint8Array(t.speechWav);
  bytes[bytes.length - 1] = bytes.at(-1)! ^ seed;
  return bytes;
}

function blobOf(media: MediaResponse): string {
  return join(t.server.config.dataDir, 'media', media.sha256.slice(0, 2), media.sha256);
}

describe('DELETE /api/transcripts/:id', () => {
  it('is for owners; the transcript, its document and reviews go, its recording and other transcripts stay', async () => {
    const [media] = await t.uploaded(await t.upload(t.editor, [[uniqueWav(3), 'talk.wav']]));
    const gone = transcribed(t.project.id, media!.id);
    const kept = transcribed(t.project.id, media!.id);
    const review = await t.server.fetch(`/api/transcripts/${gone}/reviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.editor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'accept', start: 0, end: 1, before: 'fox', after: 'fox', confidence: 0.5 }),
    });
    expect(review.status).toBe(201);

    expect(await errorOf(await del(t.editor, `/api/transcripts/${gone}`))).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(await errorOf(await del(t.stranger, `/api/transcripts/${gone}`))).toMatchObject({ status: 404, code: 'transcript-not-found' });
    expect((await del(t.owner, `/api/transcripts/${gone}`)).status).toBe(204);

    expect(await errorOf(await t.get(t.viewer, `/api/transcripts/${gone}`))).toMatchObject({ status: 404, code: 'transcript-not-found' });
    expect(await errorOf(await t.get(t.viewer, `/api/transcripts/${gone}/export?format=txt`))).toMatchObject({ status: 404 });
    expect(await errorOf(await del(t.owner, `/api/transcripts/${gone}`))).toMatchObject({ status: 404 });
    expect(count('SELECT count(*) AS n FROM doc_updates WHERE doc_id = ?', gone)).toBe(0);
    expect(count('SELECT count(*) AS n FROM reviews WHERE transcript_id = ?', gone)).toBe(0);
    expect((await t.get(t.viewer, `/api/transcripts/${kept}`)).status).toBe(200);
    expect((await t.get(t.viewer, media!.audioUrl)).status).toBe(200);
  });
});

describe('DELETE /api/media/:id', () => {
  it('takes the transcripts made from the recording with it, and cancels its unfinished jobs', async () => {
    const [media] = await t.uploaded(await t.upload(t.editor, [[uniqueWav(5), 'interview.wav']]));
    const transcriptIds = [transcribed(t.project.id, media!.id), transcribed(t.project.id, media!.id)];
    // the test bundle's model cannot run, so the job stays queued or fails; either way nothing is left to run
    const job = await t.server.fetch(`/api/projects/${t.project.id}/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.editor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mediaId: media!.id }),
    });
    const { id: jobId } = (await job.json()) as { id: string };

    expect((await del(t.owner, `/api/media/${media!.id}`)).status).toBe(204);
    for (const id of transcriptIds) expect(await errorOf(await t.get(t.viewer, `/api/transcripts/${id}`))).toMatchObject({ status: 404 });
    expect(count('SELECT count(*) AS n FROM transcripts WHERE media_id = ?', media!.id)).toBe(0);
    expect(existsSync(blobOf(media!))).toBe(false);
    expect(existsSync(`${blobOf(media!)}.peaks.dat`)).toBe(false);
    // a running job is asked to stop and ends at its worker's next heartbeat
    const after = (await (await t.get(t.viewer, `/api/jobs/${jobId}`)).json()) as { state: string; cancelRequested: boolean };
    expect(after.state === 'cancelled' || after.state === 'failed' || (after.state === 'running' && after.cancelRequested)).toBe(true);
    expect(await errorOf(await t.get(t.viewer, `/api/media/${media!.id}`))).toMatchObject({ status: 404, code: 'media-not-found' });
  });
});

describe('DELETE /api/projects/:id', () => {
  it('is for owners and takes everything in the project, keeping the bytes another project shares', async () => {
    const project = t.server.projects.createProject('To go', t.owner.user.id);
    t.server.projects.addMember(project.id, t.editor.user.id, 'editor');
    const other = t.server.projects.createProject('Elsewhere', t.owner.user.id);
    const own = uniqueWav(7);
    const shared = uniqueWav(9);
    const [a, b] = await t.uploaded(await t.upload(t.owner, [[own, 'own.wav'], [shared, 'shared.wav']], project.id));
    const [elsewhere] = await t.uploaded(await t.upload(t.owner, [[shared, 'shared.wav']], other.id));
    const transcriptId = transcribed(project.id, a!.id);

    expect(await errorOf(await del(t.editor, `/api/projects/${project.id}`))).toMatchObject({ status: 403, code: 'insufficient-role' });
    expect(await errorOf(await del(t.stranger, `/api/projects/${project.id}`))).toMatchObject({ status: 404, code: 'project-not-found' });
    expect((await del(t.owner, `/api/projects/${project.id}`)).status).toBe(204);

    expect(await errorOf(await t.get(t.owner, `/api/projects/${project.id}`))).toMatchObject({ status: 404 });
    expect(await errorOf(await t.get(t.owner, `/api/media/${a!.id}`))).toMatchObject({ status: 404 });
    expect(await errorOf(await t.get(t.owner, `/api/transcripts/${transcriptId}`))).toMatchObject({ status: 404 });
    expect(await errorOf(await del(t.owner, `/api/projects/${project.id}`))).toMatchObject({ status: 404 });
    const listed = (await (await t.get(t.editor, '/api/projects')).json()) as { projects: { id: string }[] };
    expect(listed.projects.map((p) => p.id)).not.toContain(project.id);
    for (const table of ['media', 'transcripts', 'jobs', 'project_members']) {
      expect(count(`SELECT count(*) AS n FROM ${table} WHERE project_id = ?`, project.id)).toBe(0);
    }
    expect(existsSync(blobOf(a!))).toBe(false);
    expect(existsSync(`${blobOf(a!)}.peaks.dat`)).toBe(false);
    // the same bytes in another project stay playable
    expect(existsSync(blobOf(b!))).toBe(true);
    expect((await t.get(t.owner, elsewhere!.audioUrl)).status).toBe(200);
  });

  it('closes the collaboration sockets members had open on its transcripts', async () => {
    const project = t.server.projects.createProject('Live', t.owner.user.id);
    t.server.projects.addMember(project.id, t.editor.user.id, 'editor');
    const [media] = await t.uploaded(await t.upload(t.owner, [[uniqueWav(11), 'live.wav']], project.id));
    const transcriptId = transcribed(project.id, media!.id);
    const socket = new WsClient(`${t.server.url.replace(/^http/, 'ws')}/yjs/${transcriptId}`, { headers: { authorization: `Bearer ${t.editor.token}` } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    expect((await del(t.owner, `/api/projects/${project.id}`)).status).toBe(204);
    expect(await closed).toBe(4404);
  });
});
