/**
 * Who is asking. Reading data needs authentication; ingestion does not (it is write-only).
 * - admin: `Authorization: Bearer <admin token>`, or the dashboard's session cookie;
 * - a per-site read-only API key (`Bearer wmk_…`): GET requests for that site only.
 * The session cookie is stateless: `<expiry>.<HMAC(expiry)>` keyed by a secret derived from the
 * admin token, so changing the token signs everyone out. HttpOnly + SameSite=Strict, and
 * cookie-authenticated mutating requests must come from our own origin (CSRF).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { ApiError } from './errors.js';

export type Principal = { kind: 'admin'; via: 'token' | 'session' } | { kind: 'key'; site: string };

export const SESSION_COOKIE = 'wm_session';
const SESSION_DAYS = 30;

/** Compare digests so neither length nor content leaks through timing. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export class Auth {
  private readonly secret: Buffer;

  constructor(
    private readonly adminToken: string,
    private readonly keys: { siteFor(key: string): string | undefined },
  ) {
    this.secret = createHash('sha256').update(`waymark-session\0${adminToken}`).digest();
  }

  principal(c: Context): Principal | null {
    const m = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    if (m) {
      const given = m[1]!.trim();
      if (tokenMatches(given, this.adminToken)) return { kind: 'admin', via: 'token' };
      const site = this.keys.siteFor(given);
      return site ? { kind: 'key', site } : null;
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    return cookie && this.validSession(cookie) ? { kind: 'admin', via: 'session' } : null;
  }

  /** Signs the browser in when `token` is the admin token. */
  login(c: Context, token: string): boolean {
    if (!tokenMatches(token, this.adminToken)) return false;
    const expires = Date.now() + SESSION_DAYS * 86_400_000;
    setCookie(c, SESSION_COOKIE, `${expires}.${this.sign(String(expires))}`, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: SESSION_DAYS * 86_400,
      secure: new URL(c.req.url).protocol === 'https:',
    });
    return true;
  }

  logout(c: Context): void {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
  }

  private sign(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }

  private validSession(cookie: string): boolean {
    const [expires, mac] = cookie.split('.');
    if (!expires || !mac || !/^\d+$/.test(expires) || Number(expires) < Date.now()) return false;
    const expected = Buffer.from(this.sign(expires));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

const unauthorized = () =>
  new ApiError(401, 'unauthorized', 'sign in, or send "Authorization: Bearer <admin token or API key>"', undefined, {
    'WWW-Authenticate': 'Bearer',
  });

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A cookie rides along with cross-site requests; a bearer header does not. So a mutating request
 * signed in by cookie must carry our own Origin (browsers always send it on such requests).
 */
function checkCsrf(c: Context, p: Principal): void {
  if (p.kind !== 'admin' || p.via !== 'session' || !UNSAFE.has(c.req.method)) return;
  const origin = c.req.header('origin');
  if (!origin || origin !== new URL(c.req.url).origin) {
    throw new ApiError(403, 'csrf', 'cross-site request refused: send it from the dashboard');
  }
}

export function requireAdmin(auth: Auth): MiddlewareHandler {
  return async (c, next) => {
    const p = auth.principal(c);
    if (!p) throw unauthorized();
    if (p.kind !== 'admin') throw new ApiError(403, 'forbidden', 'this needs the admin token; API keys are read-only');
    checkCsrf(c, p);
    await next();
  };
}

/** Admin, or a read-only API key of the site named in the path (GET/HEAD only). */
export function requireSiteReader(auth: Auth): MiddlewareHandler {
  return async (c, next) => {
    const p = auth.principal(c);
    if (!p) throw unauthorized();
    if (p.kind === 'key') {
      const readOnly = c.req.method === 'GET' || c.req.method === 'HEAD';
      if (!readOnly || p.site !== c.req.param('site')) {
        throw new ApiError(403, 'forbidden', 'this API key can only read its own site');
      }
    }
    checkCsrf(c, p);
    await next();
  };
}
