import { z } from 'zod';

/** A read-only API key as the API shows it: never the key itself (only its hash is stored). */
export const apiKeySchema = z.object({
  id: z.string(),
  site_id: z.string(),
  name: z.string(),
  created_at: z.string(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;
export const apiKeyListSchema = z.object({ keys: z.array(apiKeySchema) });
/** The answer to creating a key: the only time the key `wmk_…` is shown. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
