// Deleting a project, a recording or a transcript over HTTP: owners only, rows and files gone together (files after
// the commit, bytes another record shares kept), 404 afterwards, unfinished jobs cancelled and open sockets closed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Segment } from '@verbatim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpMediaTest, type MediaTest, type MediaResponse } from '../../../test/mediaTestFixtures.ts';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { YJS_CLOSE_CODES, YJS_CLOSE_REASONS } from '../../yjs/yjsCloseCodes.ts';
import { YjsTestClient } from '../../../test/yjsTestClient.ts';
import { paragraph, until, words } from '../../../test/yjsTestHelpers.ts';
import { errorOf, type TestUser } from '../../../test/testServer.ts';

const MODEL = { id: 'test-model', version: '1.0.0', sha256: 'ab'.repeat(32) };
const SEGMENTS: Segment[] = [{ start: 0, end: 1, words: [{ text: 'fox', start: 0, end: 1, confidence: 0.5 }] }];

let t: MediaTest;
const sockets: YjsTestClient[] = [];
beforeAll(async () => {
  t = await setUpMediaTest(1024 * 1024);
}, 60_000);
afterAll(() => {
  for (const socket of sockets) socket.close();
  t?.close();
});

function del(user: TestUser, path: string): Promise<Response> {
  return t.server.fetch(path, { method: 'DELETE', headers: { authorization: `Bearer ${user.token}` } });
}

function transcribed(projectId: string, mediaId: string): string {
  return new TranscriptStore(t.server.db).create({ projectId, mediaId, model: MODEL, segments: SEGMENTS }).id;
}

/** A collaboration socket on the transcript, in sync with its room. */
async function room(user: TestUser, transcriptId: string): Promise<YjsTestClient> {
  const socket = await YjsTestClient.open(`${t.server.url.replace(/^http/, 'ws')}/yjs/${transcriptId}`, { headers: { authorization: `Bearer ${user.token}` } });
  sockets.push(socket);
  return socket;
}

// well inside the endpoint's periodic re-check (60 s), which would close them too, late
const AT_ONCE_MS = 2000;

/** Resolves with how `socket` was closed, failing unless that happens at once. */
async function closedAtOnce(socket: YjsTestClient): Promise<{ code: number; reason: string }> {
  await until(undefined, () => socket.isClosed, 'the socket to be closed', AT_ONCE_MS);
  return socket.closed;
}

const DELETED = { code: YJS_CLOSE_CODES.notFound, reason: YJS_CLOSE_REASONS.transcriptDeleted };

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

  it('closes the transcript\'s open collaboration sockets at once (4404, transcript-deleted); other rooms stay', async () => {
    const [media] = await t.uploaded(await t.upload(t.editor, [[uniqueWav(13), 'open.wav']]));
    const gone = transcribed(t.project.id, media!.id);
    const kept = transcribed(t.project.id, media!.id);
    const [editing, viewing, elsewhere] = [await room(t.editor, gone), await room(t.viewer, gone), await room(t.editor, kept)];
    // an edit stored through the room, which unloading it must not write back (compaction) once the rows are gone
    paragraph(editing.doc).insert(0, 'quick ', {});
    await until(viewing.doc, () => words(viewing.doc).includes('quick'), 'the edit to go through the room');

    expect((await del(t.owner, `/api/transcripts/${gone}`)).status).toBe(204);
    expect(await closedAtOnce(editing)).toEqual(DELETED);
    expect(await closedAtOnce(viewing)).toEqual(DELETED);
    expect(count('SELECT count(*) AS n FROM doc_updates WHERE doc_id = ?', gone)).toBe(0);
    expect(elsewhere.isClosed).toBe(false);
    expect(await errorOf(await t.get(t.editor, `/api/transcripts/${gone}`))).toMatchObject({ status: 404 });
    // and it cannot be joined again
    await expect(room(t.editor, gone)).rejects.toThrow(/404/);
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

  it('closes the open collaboration sockets of every transcript made from the recording at once', async () => {
    const [media] = await t.uploaded(await t.upload(t.editor, [[uniqueWav(15), 'open.wav']]));
    const sockets = [await room(t.editor, transcribed(t.project.id, media!.id)), await room(t.viewer, transcribed(t.project.id, media!.id))];
    expect((await del(t.owner, `/api/media/${media!.id}`)).status).toBe(204);
    for (const socket of sockets) expect(await closedAtOnce(socket)).toEqual(DELETED);
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
    const [editing, owning] = [await room(t.editor, transcriptId), await room(t.owner, transcriptId)];
    expect((await del(t.owner, `/api/projects/${project.id}`)).status).toBe(204);
    expect(await closedAtOnce(editing)).toEqual(DELETED);
    expect(await closedAtOnce(owning)).toEqual(DELETED);
  });
});
