/** Dashboard sign-in: POST /api/login {token}, POST /api/logout, GET /api/session. */
import { Hono } from 'hono';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { Auth, Principal } from '../auth.js';
import { clientIp } from '../client-ip.js';
import { ApiError, invalid } from '../errors.js';
import { readJson } from '../read-json.js';

const loginSchema = z.object({ token: z.string().min(1).max(512) }).strict();

export function sessionRoutes(deps: { auth: Auth; trustedProxies: number }) {
  const app = new Hono();
  app.post('/api/login', async (c) => {
    const parsed = loginSchema.safeParse(await readJson(c));
    if (!parsed.success) throw invalid(parsed.error, 'login');
    const p = deps.auth.login(c, parsed.data.token);
    if (!p) throw new ApiError(401, 'wrong_token', 'that is neither the admin token nor a site\'s API key');
    return c.json(sessionOf(p, clientIp(c, deps.trustedProxies)));
  });
  app.post('/api/logout', (c) => {
    deps.auth.logout(c);
    return c.json({ authenticated: false });
  });
  app.get('/api/session', (c) => c.json(sessionOf(deps.auth.principal(c), clientIp(c, deps.trustedProxies))));
  return app;
}

/**
 * What the dashboard needs to know of who is signed in: everything, or one site read-only. The
 * admin also learns the address its requests come from, as ingestion would see it (behind the
 * same proxies): the one to exclude to keep its own visits out.
 */
function sessionOf(p: Principal | null, address: string) {
  if (!p) return { authenticated: false };
  // "::ffff:1.2.3.4" is shown as the IPv4 address it is.
  const shown = ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
  return p.kind === 'admin' ? { authenticated: true, role: 'admin', address: shown } : { authenticated: true, role: 'reader', site: p.site };
}
