import type { Context } from 'hono';
import { ApiError } from './errors.js';

/** The request body as JSON, or a 400 that says it is not. */
export async function readJson(c: Context): Promise<unknown> {
  try {
    return JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, 'malformed_json', 'body is not valid JSON');
  }
}
