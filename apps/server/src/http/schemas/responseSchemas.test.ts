import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { setUpMediaTest, type MediaTest } from '../../../test/mediaTestFixtures.ts';
import { MediaJson, MediaListResponse, UploadMediaResponse, WaveformPeaksJson } from '../../media/mediaSchemas.ts';
import { VocabularyResponse } from '../../vocabulary/vocabularySchemas.ts';
import { JobJson, JobListResponse } from '../routes/jobSchemas.ts';
import { ErrorResponse } from './errorSchemas.ts';
import { FlaggedWordsResponse, QualityResponse, ReviewJson, ReviewListResponse } from '../../reviews/reviewSchemas.ts';
import { encodeReviewMark, TRANSCRIPT_ROOT } from '@verbatim/core/document';
import { TranscriptStore } from '../../transcripts/TranscriptStore.ts';
import { DocumentStore } from '../../yjs/DocumentStore.ts';
import * as Y from 'yjs';
import { ProjectJson, ProjectListResponse } from './projectSchemas.ts';
import { TranscriptDetailResponse, TranscriptListResponse, TranscriptSearchResponse } from './transcriptSchemas.ts';

// The OpenAPI document is only as good as its schemas: real answers of a real server must fit them exactly.
let t: MediaTest;
beforeAll(async () => {
  t = await setUpMediaTest(64 * 1024 ** 2);
}, 60_000);
afterAll(() => t?.close());

async function fits(response: Response, status: number, schema: z.ZodType): Promise<unknown> {
  const body = (await response.json()) as unknown;
  expect(response.status, JSON.stringify(body)).toBe(status);
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? [], JSON.stringify(body)).toEqual([]);
  // z.object drops keys it does not know: equality shows the schema names every field the server sends
  expect(parsed.data).toEqual(body);
  return body;
}

function post(path: string, body: unknown): Promise<Response> {
  return t.server.fetch(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.editor.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('response schemas of the OpenAPI document', () => {
  it('describe media, peaks and jobs as the server sends them', async () => {
    const uploaded = (await fits(await t.upload(t.editor, [[t.speechWav, 'speech.wav']]), 201, UploadMediaResponse)) as {
      media: { id: string }[];
    };
    const mediaId = uploaded.media[0]!.id;
    await fits(await t.get(t.viewer, `/api/projects/${t.project.id}/media`), 200, MediaListResponse);
    await fits(await t.get(t.viewer, `/api/media/${mediaId}`), 200, MediaJson);
    await fits(await t.get(t.viewer, `/api/media/${mediaId}/peaks`), 200, WaveformPeaksJson);

    const job = (await fits(await post(`/api/projects/${t.project.id}/jobs`, { mediaId }), 202, JobJson)) as { id: string };
    await fits(await t.get(t.viewer, `/api/jobs/${job.id}`), 200, JobJson);
    await fits(await t.get(t.viewer, `/api/projects/${t.project.id}/jobs?limit=1`), 200, JobListResponse);
    await fits(await post(`/api/jobs/${job.id}/cancel`, {}), 200, JobJson);
  });

  it('describe vocabularies, transcript lists, searches and errors as the server sends them', async () => {
    await fits(await t.get(t.viewer, `/api/projects/${t.project.id}/vocabulary`), 200, VocabularyResponse);
    await fits(await t.get(t.viewer, `/api/projects/${t.project.id}/transcripts`), 200, TranscriptListResponse);
    await fits(await t.get(t.viewer, `/api/projects/${t.project.id}/search?q=fox`), 200, TranscriptSearchResponse);
    await fits(await t.get(t.stranger, `/api/projects/${t.project.id}/media`), 404, ErrorResponse);
  });

  it('describe projects, transcripts with review marks, reviews, flagged words and quality as the server sends them', async () => {
    await fits(await t.get(t.viewer, `/api/projects/${t.project.id}`), 200, ProjectJson);
    await fits(await t.get(t.viewer, '/api/projects'), 200, ProjectListResponse);
    const documents = new DocumentStore(t.server.db);
    const words = [
      { text: 'quik', start: 0, end: 0.4, confidence: 0.3 },
      { text: 'fox', start: 0.5, end: 0.9, confidence: 0.5 },
    ];
    const transcriptId = new TranscriptStore(t.server.db, { documents }).create({
      projectId: t.project.id,
      mediaId: crypto.randomUUID(),
      model: { id: 'en', version: '1.0.0', sha256: 'ab'.repeat(32) },
      segments: [{ speaker: 'Ada', start: 0, end: 1, words }],
    }).id;
    // a review mark with reviewer and time, as a reviewer's client writes it
    const doc = documents.load(transcriptId);
    const state = Y.encodeStateVector(doc);
    (doc.get(TRANSCRIPT_ROOT, Y.XmlText).toDelta() as Array<{ insert: Y.XmlText }>)[0]!.insert.format(0, 4, { r: encodeReviewMark({ by: t.editor.user.id, at: 7 }) });
    documents.append(transcriptId, Y.encodeStateAsUpdate(doc, state));
    doc.destroy();
    const detail = (await fits(await t.get(t.viewer, `/api/transcripts/${transcriptId}`), 200, TranscriptDetailResponse)) as { turns: { words: unknown[] }[] };
    expect(detail.turns[0]!.words[0]).toMatchObject({ reviewed: true, reviewedBy: t.editor.user.id, reviewedAt: 7 });

    const review = { action: 'correct', start: 0, end: 0.4, before: 'quik', after: 'quick', confidence: 0.3 };
    await fits(await post(`/api/transcripts/${transcriptId}/reviews`, review), 201, ReviewJson);
    await fits(await t.get(t.viewer, `/api/transcripts/${transcriptId}/reviews`), 200, ReviewListResponse);
    const flagged = (await fits(await t.get(t.viewer, `/api/projects/${t.project.id}/flagged`), 200, FlaggedWordsResponse)) as { items: unknown[] };
    expect(flagged.items.length).toBeGreaterThan(0);
    await fits(await t.get(t.viewer, `/api/projects/${t.project.id}/quality`), 200, QualityResponse);
  });

  it('can fail: a body with a field the schema does not name does not fit', () => {
    const body = { jobs: [], nextCursor: null, extra: 1 };
    expect(JobListResponse.parse(body)).not.toEqual(body);
  });
});
