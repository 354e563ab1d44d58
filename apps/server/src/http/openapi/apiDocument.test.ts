import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/testServer.ts';
import { createApp } from '../createApp.ts';
import { createServerContext, type ServerContext } from '../createServerContext.ts';
import { silentLogger } from '../Logger.ts';
import { apiDocument, apiOperationKeys } from './apiDocument.ts';

let server: TestServer;
let context: ServerContext;
let document: Record<string, any>;

beforeAll(async () => {
  server = await startTestServer({ publicUrl: 'https://verbatim.example.org', secureCookies: true });
  context = createServerContext({ ...server.config, dataDir: `${server.dir}/other` }, { logger: silentLogger });
  const response = await server.fetch('/api/openapi.json');
  expect(response.status).toBe(200);
  document = (await response.json()) as Record<string, any>;
});

afterAll(async () => {
  context.dispose();
  await server.close();
});

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document for the configured public URL', async () => {
    expect(document['openapi']).toBe('3.1.0');
    expect(document['info']).toMatchObject({ title: 'Verbatim API' });
    expect(document['servers']).toEqual([{ url: 'https://verbatim.example.org' }]);
    // validates against the OpenAPI 3.1 schema and resolves every $ref; it works on its argument, so a copy
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('notices a broken document', async () => {
    const broken = structuredClone(document);
    broken['paths']['/healthz']['get']['responses'] = { '200': { content: {} } };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it('lists exactly the routes the app serves', () => {
    const served = createApp(context)
      .routes.filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    const documented = apiOperationKeys(document);
    expect(documented).toEqual(served);
    // at least what the hand-kept list of earlier versions described
    expect(Object.keys(document['paths']).length).toBeGreaterThanOrEqual(40);
    expect(documented.length).toBeGreaterThanOrEqual(55);
  });

  it('resolves every $ref to a component', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const name = /^"\$ref":"#\/components\/schemas\/(\w+)"$/.exec(ref)?.[1];
      expect(name, ref).toBeDefined();
      expect(document['components']['schemas'][name!], ref).toBeDefined();
    }
  });

  it('describes bodies with the schemas the routes validate with', () => {
    const login = document['paths']['/api/auth/login']['post'];
    expect(login.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/LoginBody' });
    expect(document['components']['schemas']['LoginBody']).toMatchObject({
      type: 'object',
      required: ['email', 'password'],
      additionalProperties: false,
    });
    expect(document['components']['schemas']['PutMemberBody']['properties']['role']).toEqual({ $ref: '#/components/schemas/Role' });
    expect(document['components']['schemas']['Role']).toMatchObject({ enum: ['viewer', 'reviewer', 'editor', 'owner'] });
  });

  it('marks which routes need credentials and documents their errors', () => {
    const member = document['paths']['/api/projects/{id}/members/{userId}']['put'];
    expect(member.security).toEqual([{ session: [] }, { apiToken: [] }]);
    expect(Object.keys(member.responses).sort()).toEqual(['200', '201', '400', '401', '403', '404', '409', '413', '415', '422']);
    expect(member.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'userId', 'x-csrf-token']);
    expect(document['paths']['/healthz']['get'].security).toEqual([]);
    expect(document['components']['securitySchemes']).toMatchObject({ session: { in: 'cookie', name: 'verbatim_session' }, apiToken: { scheme: 'bearer' } });
  });

  it('names a schema for every JSON request and response body', () => {
    const operations = Object.values(document['paths'] as Record<string, Record<string, any>>).flatMap((methods) => Object.values(methods));
    const isRef = (schema: any) => typeof schema?.$ref === 'string' || (Array.isArray(schema?.anyOf) && schema.anyOf.every(isRef));
    for (const operation of operations) {
      const bodies = [operation.requestBody, ...Object.values(operation.responses as Record<string, any>)].filter(Boolean);
      for (const body of bodies) {
        const json = body.content?.['application/json'];
        if (json !== undefined) expect(isRef(json.schema), `${operation.operationId}: ${JSON.stringify(json.schema)}`).toBe(true);
      }
      // every success but 204 says what it sends
      for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
        if (status.startsWith('2') && status !== '204') expect(response.content, `${operation.operationId} ${status}`).toBeDefined();
      }
    }
    // writes carry a body, except those whose path says it all
    for (const [path, methods] of Object.entries(document['paths'] as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (['post', 'put', 'patch'].includes(method) && !['logout', 'cancelJob', 'enableProjectPlugin', 'restoreTranscriptRevision', 'createLiveViewerLink'].includes(operation.operationId)) {
          expect(operation.requestBody, `${method} ${path}`).toBeDefined();
        }
      }
    }
    const createJob = document['paths']['/api/projects/{id}/jobs']['post'];
    expect(createJob.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateJobBody' });
    expect(createJob.responses['202'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Job' });
    expect(document['components']['schemas']['Job']['properties']['state']).toEqual({ $ref: '#/components/schemas/JobState' });
    expect(document['paths']['/api/transcripts/{id}']['get'].responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/TranscriptDetail',
    });
  });

  it('describes account creation and lookup with their schemas', () => {
    const create = document['paths']['/api/users']['post'];
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateUserBody' });
    expect(create.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreatedUser' });
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '409', '413', '415', '422']);
    expect(create.responses['409'].description).toMatch(/email-taken/);
    expect(document['components']['schemas']['CreateUserBody']).toMatchObject({ required: ['email'], additionalProperties: false });
    expect(Object.keys(document['components']['schemas']['CreateUserBody']['properties']).sort()).toEqual(['displayName', 'email', 'isAdmin', 'password']);
    expect(document['components']['schemas']['CreatedUser']).toMatchObject({ required: ['user'], properties: { user: { $ref: '#/components/schemas/User' } } });

    const list = document['paths']['/api/users']['get'];
    expect(list.parameters).toEqual([expect.objectContaining({ name: 'email', in: 'query', required: false, schema: expect.objectContaining({ type: 'string', maxLength: 1000 }) })]);
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400', '401', '403']);
    expect(list.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Users' });
    expect(document['components']['schemas']['Users']).toEqual({
      anyOf: [{ $ref: '#/components/schemas/UserList' }, { $ref: '#/components/schemas/UserLookup' }],
    });
    expect(document['components']['schemas']['UserLookup']['properties']['users']).toMatchObject({
      maxItems: 1,
      items: { $ref: '#/components/schemas/UserSummary' },
    });
    expect(Object.keys(document['components']['schemas']['UserSummary']['properties']).sort()).toEqual(['displayName', 'email', 'id']);
  });

  it('describes uploads as multipart with their own 413 and 415', () => {
    const upload = document['paths']['/api/projects/{id}/media']['post'];
    expect(Object.keys(upload.requestBody.content)).toEqual(['multipart/form-data']);
    expect(upload.requestBody.content['multipart/form-data'].schema).toMatchObject({ required: ['file'] });
    expect(upload.responses['413'].description).toMatch(/upload limit/);
    expect(upload.responses['413'].description).not.toMatch(/1 MiB/);
    expect(upload.responses['415'].description).toMatch(/multipart\/form-data/);
    expect(document['paths']['/api/projects']['post'].responses['413'].description).toMatch(/1 MiB/);
    const limited = apiDocument(createApp(context), { uploadLimitBytes: 5000 });
    expect(limited['paths']['/api/projects/{id}/media']['post'].responses['413'].description).toMatch(/5000 bytes/);
  });

  it('describes non-uuid path parameters, query parameters, model-unavailable and at-least-one-field', () => {
    const removeEntry = document['paths']['/api/projects/{id}/vocabulary/{phrase}']['delete'];
    const phrase = removeEntry.parameters.find((p: { name: string }) => p.name === 'phrase');
    expect(phrase).toMatchObject({ in: 'path', required: true, schema: { type: 'string', maxLength: 200 } });
    expect(phrase.schema.format).toBeUndefined();
    const putVocabulary = document['paths']['/api/projects/{id}/vocabulary']['put'];
    expect(putVocabulary.responses['503'].description).toMatch(/model-unavailable/);
    expect(putVocabulary.responses['422'].content['application/json'].schema.anyOf).toContainEqual({
      $ref: '#/components/schemas/InvalidVocabularyError',
    });
    expect(document['paths']['/readyz']['get'].responses['503'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Readiness',
    });
    const search = document['paths']['/api/projects/{id}/search']['get'];
    expect(search.parameters.find((p: { name: string }) => p.name === 'q')).toMatchObject({ in: 'query', required: true });
    const listJobs = document['paths']['/api/projects/{id}/jobs']['get'];
    expect(listJobs.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'state', 'limit', 'cursor']);
    expect(document['components']['schemas']['UpdateProjectBody']).toMatchObject({ minProperties: 1 });
  });
});
