/** Response shapes of the site-admin endpoints, from the collector's own schemas. */
export { apiKeySchema, apiKeyListSchema as keysResponse, createdApiKeySchema as createdKeySchema, type ApiKey } from '../../collector/schema/api-key.js';
