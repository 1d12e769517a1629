/**
 * Response shapes of the site-admin endpoints that have no browser-importable schema yet.
 * TEMPORARY: `apiKeySchema` lives in collector/storage/api-keys.ts, which imports node:crypto and
 * cannot be bundled for the browser; once the lead moves it to collector/schema/, import it here
 * instead of this copy (asked for in the dashboard report).
 */
import { z } from 'zod';

export const apiKeySchema = z.object({ id: z.string(), site_id: z.string(), name: z.string(), created_at: z.string() });
export type ApiKey = z.infer<typeof apiKeySchema>;
export const keysResponse = z.object({ keys: z.array(apiKeySchema) });
export const createdKeySchema = apiKeySchema.extend({ key: z.string() });
