import type { Context } from 'hono';
import { ApiError } from './errors.js';
import { readBody } from './read-body.js';

/**
 * The API's JSON bodies (sign-in, sites, keys, journeys, notes) are a few KB: anything past this
 * is refused with 413 before it is held in memory (c.req.text() would read a body of any size,
 * and the sign-in is public).
 */
export const MAX_JSON_BYTES = 256 * 1024;
/** The 413 of a route that reads JSON, as the OpenAPI document names it. */
export const JSON_TOO_LARGE = `body over ${MAX_JSON_BYTES} bytes`;

/** The request body as JSON, or a 400 that says it is not, or a 413 past MAX_JSON_BYTES. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await readBody(c, MAX_JSON_BYTES, () => {});
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'malformed_json', 'body is not valid JSON');
  }
}
