/**
 * Builds the OpenAPI 3.1 document from the route registries (collector + analyses). Pure and
 * memoized by the caller: the schemas are static.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { SESSION_COOKIE } from '../auth.js';
import { ANALYSIS_ROUTES } from '../../../analysis/openapi.js';
import { COLLECTOR_ROUTES } from './routes.js';
import { jsonSchema, type JsonSchema, type ResponseDoc, type RouteDoc } from './spec.js';

export const ALL_ROUTES: readonly RouteDoc[] = [...COLLECTOR_ROUTES, ...ANALYSIS_ROUTES];

/** What every error looks like (collector/http/app.ts's one error handler). */
export const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('stable machine-readable code, e.g. invalid_query, unknown_site, rate_limited'),
    message: z.string().describe('for people; a 400 names the offending field'),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('every field problem of a 400'),
  }),
});

const SECURITY: Record<RouteDoc['auth'], Record<string, string[]>[]> = {
  public: [],
  admin: [{ adminToken: [] }, { sessionCookie: [] }],
  reader: [{ adminToken: [] }, { apiKey: [] }, { sessionCookie: [] }],
};

/** Hono `/a/:b` and `/js/:file{regex}` → OpenAPI `/a/{b}`, `/js/{file}`. */
export const toOpenApiPath = (p: string) => p.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');

function content(types: Record<string, z.ZodType | JsonSchema>, io: 'input' | 'output', example?: unknown) {
  return Object.fromEntries(
    Object.entries(types).map(([t, s]) => [t, { schema: s instanceof z.ZodType ? jsonSchema(s, io) : s, ...(example === undefined ? {} : { example }) }]),
  );
}

function response(status: number, r: ResponseDoc | string) {
  if (typeof r === 'string' || (!r.content && status >= 400)) {
    const description = typeof r === 'string' ? r : r.description;
    const headers = typeof r === 'string' ? undefined : r.headers;
    return { description, ...(headers ? { headers: headerDocs(headers) } : {}), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return {
    description: r.description,
    ...(r.headers ? { headers: headerDocs(r.headers) } : {}),
    ...(r.content ? { content: content(r.content, 'output') } : {}),
  };
}

const headerDocs = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, d]) => [k, { description: d, schema: { type: 'integer' } }]));

function operation(r: RouteDoc) {
  const names = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const parameters = [
    ...names.map((n) => ({
      name: n,
      in: 'path',
      required: true,
      description: r.pathParams?.[n]?.description ?? n,
      schema: r.pathParams?.[n]?.schema ? jsonSchema(r.pathParams[n].schema, 'input') : { type: 'string' },
    })),
    ...(r.query ?? []).map((q) => ({
      name: q.name,
      in: 'query',
      required: q.required,
      ...(q.description ? { description: q.description } : {}),
      ...(q.repeated ? { schema: { type: 'array', items: q.schema }, style: 'form', explode: true } : { schema: q.schema }),
    })),
  ];
  const authErrors =
    r.auth === 'public'
      ? {}
      : { 401: 'not signed in', 429: { description: 'too many wrong credentials from this address (collector/http/auth.ts)', headers: { 'Retry-After': 'seconds to wait' } } };
  return {
    operationId: `${r.method}${toOpenApiPath(r.path).replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    tags: [r.tag],
    security: SECURITY[r.auth],
    ...(parameters.length ? { parameters } : {}),
    ...(r.body
      ? { requestBody: { required: true, ...(r.body.description ? { description: r.body.description } : {}), content: content(Object.fromEntries((r.body.contentTypes ?? ['application/json']).map((t) => [t, r.body!.schema])), 'input', r.body.example) } }
      : {}),
    responses: Object.fromEntries(
      Object.entries({ ...authErrors, ...r.responses, 500: 'internal error (no details)' }).map(([s, d]) => [s, response(Number(s), d)]),
    ),
  };
}

function version(): string {
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    const v = z.object({ version: z.string() }).safeParse(pkg);
    return v.success ? v.data.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function buildOpenApi(routes: readonly RouteDoc[] = ALL_ROUTES) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) (paths[toOpenApiPath(r.path)] ??= {})[r.method] = operation(r);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Waymark API',
      version: version(),
      description:
        'Self-hosted customer-journey tracker. Errors are always JSON `{"error":{"code","message","details?"}}`. ' +
        'Admin endpoints take `Authorization: Bearer <admin token>` or the dashboard session cookie (cookie-signed writes must come ' +
        'from the dashboard origin); site data endpoints (GET) also take a read-only API key `wmk_…` of that site.',
    },
    servers: [{ url: '/' }],
    tags: ['ingestion', 'sites', 'keys', 'export', 'journeys', 'annotations', 'alerts', 'analyses', 'session', 'operations', 'script'].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema, 'output') },
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'the admin token (printed at start-up, kept in the data dir’s admin-token)' },
        apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'wmk_…', description: 'a read-only API key of one site (GET requests for that site only)' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'the dashboard’s session cookie, set by POST /api/login' },
      },
    },
  };
}
