/** Dashboard sign-in: POST /api/login {token}, POST /api/logout, GET /api/session. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Auth } from '../auth.js';
import { ApiError, invalid } from '../errors.js';
import { readJson } from '../read-json.js';

const loginSchema = z.object({ token: z.string().min(1).max(512) }).strict();

export function sessionRoutes(deps: { auth: Auth }) {
  const app = new Hono();
  app.post('/api/login', async (c) => {
    const parsed = loginSchema.safeParse(await readJson(c));
    if (!parsed.success) throw invalid(parsed.error, 'login');
    if (!deps.auth.login(c, parsed.data.token)) throw new ApiError(401, 'wrong_token', 'that is not the admin token');
    return c.json({ authenticated: true });
  });
  app.post('/api/logout', (c) => {
    deps.auth.logout(c);
    return c.json({ authenticated: false });
  });
  app.get('/api/session', (c) => c.json({ authenticated: deps.auth.principal(c)?.kind === 'admin' }));
  return app;
}
