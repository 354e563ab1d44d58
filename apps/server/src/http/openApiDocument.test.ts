import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_OPERATIONS } from './apiOperations.ts';
import { createApp } from './createApp.ts';
import { createServerContext, type ServerContext } from './createServerContext.ts';
import { silentLogger } from './Logger.ts';
import { startTestServer, type TestServer } from './testServer.ts';

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
  it('is an OpenAPI 3.1 document for the configured public URL', () => {
    expect(document['openapi']).toBe('3.1.0');
    expect(document['info']).toMatchObject({ title: 'Verbatim API' });
    expect(document['servers']).toEqual([{ url: 'https://verbatim.example.org' }]);
  });

  it('lists exactly the routes the app serves', () => {
    const served = createApp(context)
      .routes.filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    const documented = API_OPERATIONS.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`).sort();
    expect(served).toEqual(documented);
    const inDocument = Object.entries(document['paths'] as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .sort();
    expect(inDocument).toEqual(documented);
  });

  it('resolves every $ref to a component', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const name = /#\/components\/schemas\/(\w+)/.exec(ref)?.[1];
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
  });
});
