/**
 * The route registry the OpenAPI document is built from: one plain entry per route, pointing at
 * the SAME zod schemas the handlers validate with. `jsonSchema()` turns a zod schema into a JSON
 * Schema (2020-12, what OpenAPI 3.1 uses) and never throws: a part zod cannot express (a
 * transform's output, a custom refinement) degrades to "any" with a note instead of breaking the
 * whole document.
 */
import { z } from 'zod';

export type Auth = 'public' | 'admin' | 'reader';
export type Method = 'get' | 'post' | 'put' | 'delete' | 'options';
export type JsonSchema = Record<string, unknown>;

export interface ParamDoc {
  name: string;
  required: boolean;
  description?: string;
  /** Repeatable (`?prop=a:1&prop=b:2`): documented as an array, exploded. */
  repeated?: boolean;
  schema: JsonSchema;
}

export interface ResponseDoc {
  description: string;
  /** Content type → zod schema (JSON) or a JSON Schema given directly (text bodies). */
  content?: Record<string, z.ZodType | JsonSchema>;
  /** Response headers worth knowing (Retry-After). */
  headers?: Record<string, string>;
}

export interface RouteDoc {
  method: Method;
  /** Hono syntax (`/api/sites/:site`), as mounted; converted to `{site}` in the document. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: Auth;
  /** Path parameter descriptions; every `:name` in the path becomes a required string parameter. */
  pathParams?: Record<string, { description: string; schema?: z.ZodType }>;
  query?: ParamDoc[];
  body?: { schema: z.ZodType; contentTypes?: string[]; description?: string; example?: unknown };
  /** Status → response. Error statuses may be given as a bare description: they share the error shape. */
  responses: Record<number, ResponseDoc | string>;
}

/**
 * zod → JSON Schema for request (`input`) or response (`output`) side. Refinements are dropped
 * by zod (JSON Schema cannot say "from ≤ to"); transforms only matter on the output side.
 */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  let out: JsonSchema;
  try {
    out = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as JsonSchema;
  } catch {
    try {
      // Transforms (e.g. clipping over-long strings) have no JSON Schema: describe them as "any".
      out = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
    } catch (err) {
      return { description: `(schema not representable: ${err instanceof Error ? err.message : String(err)})` };
    }
  }
  delete out.$schema; // the document's jsonSchemaDialect already says 2020-12
  if (out.$defs) throw new Error('jsonSchema: $defs would not resolve inside an OpenAPI document; inline the schema');
  return out;
}

/**
 * The top-level fields of an object-like zod schema (objects, `.and()` intersections, refined
 * objects). Analyses build their params as `base.and(z.object(…))`, so this sees through that.
 */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  if (schema instanceof z.ZodObject) return { ...(schema.shape as Record<string, z.ZodType>) };
  if (schema instanceof z.ZodIntersection) {
    return { ...objectShape(schema.def.left as z.ZodType), ...objectShape(schema.def.right as z.ZodType) };
  }
  if (schema instanceof z.ZodPipe) return objectShape(schema.def.in as z.ZodType);
  throw new Error('objectShape: not an object schema');
}

/** A field as a query parameter: its JSON Schema, and whether it may be left out. */
export function queryParam(name: string, field: z.ZodType, description?: string, required?: boolean): ParamDoc {
  const s = jsonSchema(field, 'input');
  const optional = field.safeParse(undefined).success;
  return { name, required: required ?? !optional, ...(description ? { description } : {}), schema: s };
}
