import { z } from 'zod';
import { API_OPERATIONS, type ApiOperation } from './apiOperations.ts';
import { ErrorResponse } from './schemas/errorSchemas.ts';
import { HealthResponse, ReadinessCheck, ReadinessResponse } from './schemas/healthSchemas.ts';
import { MemberJson, MemberListResponse, PutMemberBody } from './schemas/memberSchemas.ts';
import { CreateProjectBody, ProjectJson, ProjectListResponse, RoleJson, UpdateProjectBody } from './schemas/projectSchemas.ts';
import { ApiTokenJson, CreatedTokenResponse, CreateTokenBody, TokenListResponse } from './schemas/tokenSchemas.ts';
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
  TokenList: TokenListResponse,
  CreateTokenBody,
  CreatedToken: CreatedTokenResponse,
  ProjectList: ProjectListResponse,
  CreateProjectBody,
  UpdateProjectBody,
  MemberList: MemberListResponse,
  PutMemberBody,
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
  503: 'Not ready.',
};

type JsonObject = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of the API, generated from {@link API_OPERATIONS} and the same zod schemas the routes
 * validate with (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 expects).
 */
export function openApiDocument(options: { serverUrl?: string } = {}): JsonObject {
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
    (paths[path] ??= {})[operation.method] = describeOperation(operation, ref);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Verbatim API',
      version: API_VERSION,
      description:
        'Errors are JSON { "error": { "code", "message" } }. Browsers authenticate with the HttpOnly verbatim_session cookie ' +
        'from POST /api/auth/login and send its CSRF token as x-csrf-token on every POST/PUT/PATCH/DELETE; scripts send ' +
        '"Authorization: Bearer vbt_…" and need no CSRF token.',
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

function describeOperation(operation: ApiOperation, ref: (schema: z.ZodType) => JsonObject): JsonObject {
  const parameters: JsonObject[] = [...operation.path.matchAll(/:(\w+)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
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
  const content = success.schema === undefined ? undefined : { 'application/json': { schema: ref(success.schema) } };
  const responses: Record<string, JsonObject> = { [success.status]: { description: success.description, ...(content && { content }) } };
  if (success.alsoStatus !== undefined) responses[success.alsoStatus] = { description: success.description, ...(content && { content }) };
  const errors = operation.auth ? [401, ...operation.errors] : operation.errors;
  for (const status of [...new Set(errors)].sort()) {
    responses[status] = { description: STATUS_TEXT[status] ?? 'Error.', content: { 'application/json': { schema: ref(ErrorResponse) } } };
  }
  return {
    operationId: operation.id,
    summary: operation.summary,
    tags: [operation.tag],
    ...(operation.auth ? { security: [{ session: [] }, { apiToken: [] }] } : { security: [] }),
    ...(parameters.length > 0 && { parameters }),
    ...(operation.body && { requestBody: { required: true, content: { 'application/json': { schema: ref(operation.body) } } } }),
    responses,
  };
}
