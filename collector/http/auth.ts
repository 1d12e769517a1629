/**
 * Who is asking. Reading data needs authentication; ingestion does not (it is write-only).
 * - admin: `Authorization: Bearer <admin token>`, or the dashboard's session cookie;
 * - a per-site read-only API key (`Bearer wmk_…`), or a session signed in with one: GET requests
 *   for that site only (the dashboard, read-only, for a colleague or an agency).
 * The session cookie is stateless: `<expiry>.<HMAC(expiry)>` for the admin, `<expiry>.<key id>.
 * <HMAC(expiry.key id)>` for a key, keyed by a secret derived from the admin token, so changing the
 * token signs everyone out. A key session holds the key's id, never the key, and ends when the key
 * is revoked: each request looks the id up. HttpOnly + SameSite=Strict, and
 * cookie-authenticated mutating requests must come from our own origin (CSRF).
 * Wrong tokens are counted per client (rate-limit.ts's budgets): past WRONG_PER_MINUTE in a
 * minute, that client's every token is refused with 429 until the minute turns, right or wrong, so
 * the admin token cannot be guessed online faster than that. A session cookie we signed still
 * works (an HMAC cannot be guessed), so a guesser behind the same address as a signed-in admin
 * does not sign them out.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { clientIp } from './client-ip.js';
import { ApiError } from './errors.js';
import { RateLimiter } from './rate-limit.js';

export type Principal = { kind: 'admin'; via: 'token' | 'session' } | { kind: 'key'; site: string; via: 'token' | 'session' };

declare module 'hono' {
  interface ContextVariableMap {
    /** Set by the middlewares below for the handlers after them. */
    principal: Principal;
  }
}

/** What Auth needs of the API key store. */
export interface KeyLookup {
  /** The key's id and site, or undefined for an unknown or revoked key. */
  find(key: string): { id: string; site: string } | undefined;
  /** The site of a live key by its id. */
  siteOfId(id: string): string | undefined;
}

/**
 * The session cookie's name: `wm_session`, with the port the browser used when it is not the
 * scheme's default. Cookies ignore ports, so two instances on one host (staging on :8788 beside
 * production on :8787) shared one name, and signing in to one signed the browser out of the
 * other. Collectors behind one address share the port, so a session still holds across them.
 */
export const SESSION_COOKIE = 'wm_session';
const SESSION_DAYS = 30;
/** Wrong tokens, keys or forged cookies one client may send in a minute. */
export const WRONG_PER_MINUTE = 20;

/** Compare digests so neither length nor content leaks through timing. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export class Auth {
  private readonly secret: Buffer;
  private readonly wrong: RateLimiter;
  private readonly trustedProxies: number;

  constructor(
    private readonly adminToken: string,
    private readonly keys: KeyLookup,
    opts: { trustedProxies?: number } = {},
  ) {
    this.secret = createHash('sha256').update(`waymark-session\0${adminToken}`).digest();
    this.wrong = new RateLimiter(WRONG_PER_MINUTE);
    this.trustedProxies = opts.trustedProxies ?? 0;
  }

  /** Who sent the request; null if no one (nothing offered, a wrong credential, an expired session). */
  principal(c: Context): Principal | null {
    const m = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '');
    const cookie = m ? undefined : getCookie(c, this.cookieName(c));
    if (!m && !cookie) return null; // nothing offered, nothing guessed
    const ip = clientIp(c, this.trustedProxies);
    if (m) this.refuseWhileSpent(ip);
    const p = m ? this.bearer(m[1]!.trim()) : this.session(cookie!);
    // Only tokens are guesses. A cookie we did not sign is refused but not counted: its HMAC
    // cannot be guessed anyway, and a browser sends its stale one (signed under an admin token
    // changed since, or by an instance that had this port before) with every dashboard request,
    // which locked that address out of signing in.
    if (p === 'wrong' && m) this.wrong.take(ip);
    return p === 'wrong' || p === 'expired' ? null : p;
  }

  /** Signs the browser in when `token` is the admin token or a site's API key; null when it is neither. */
  login(c: Context, token: string): Principal | null {
    const ip = clientIp(c, this.trustedProxies);
    this.refuseWhileSpent(ip);
    const admin = tokenMatches(token, this.adminToken);
    const key = admin ? undefined : this.keys.find(token);
    if (!admin && !key) {
      this.wrong.take(ip);
      return null;
    }
    const expires = Date.now() + SESSION_DAYS * 86_400_000;
    const signed = key ? `${expires}.${key.id}` : String(expires);
    setCookie(c, this.cookieName(c), `${signed}.${this.sign(signed)}`, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: SESSION_DAYS * 86_400,
      secure: this.publicOrigin(c).startsWith('https:'),
    });
    return key ? { kind: 'key', site: key.site, via: 'session' } : { kind: 'admin', via: 'session' };
  }

  /**
   * Did a browser send this from our own pages? true / false, or undefined when it says nothing
   * (no Sec-Fetch-Site, no Origin: a browser from before 2019, or no browser). Sec-Fetch-Site
   * decides when present: a page cannot set it, and it is right behind a reverse proxy, where
   * the URL the app sees (http://127.0.0.1:8787) is not the page's (https://analytics.example),
   * which refused every dashboard write there, sign-in included. Otherwise Origin is compared
   * with the origin the browser used: the URL's, or the one a trusted proxy forwards.
   */
  fromOwnPages(c: Context): boolean | undefined {
    const site = c.req.header('sec-fetch-site');
    if (site) return site === 'same-origin';
    const origin = c.req.header('origin');
    return origin === undefined ? undefined : origin === this.publicOrigin(c);
  }

  /** The origin the browser sees: behind a trusted proxy, from its X-Forwarded-Proto / -Host. */
  private publicOrigin(c: Context): string {
    const url = new URL(c.req.url);
    if (this.trustedProxies === 0) return url.origin;
    const first = (name: string) => c.req.header(name)?.split(',')[0]?.trim() || undefined;
    return `${first('x-forwarded-proto') ?? url.protocol.slice(0, -1)}://${first('x-forwarded-host') ?? url.host}`;
  }

  logout(c: Context): void {
    deleteCookie(c, this.cookieName(c), { path: '/' });
  }

  private cookieName(c: Context): string {
    const port = URL.parse(this.publicOrigin(c))?.port; // '' for 80 on http, 443 on https; a forwarded host may not parse
    return port ? `${SESSION_COOKIE}_${port}` : SESSION_COOKIE;
  }

  private sign(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }

  private bearer(given: string): Principal | 'wrong' {
    if (tokenMatches(given, this.adminToken)) return { kind: 'admin', via: 'token' };
    const key = this.keys.find(given);
    return key ? { kind: 'key', site: key.site, via: 'token' } : 'wrong';
  }

  /**
   * An expired session we signed is no guess (a browser back after a month): not counted; nor is
   * one whose key was revoked since.
   */
  private session(cookie: string): Principal | 'wrong' | 'expired' {
    const parts = cookie.split('.');
    const mac = parts.pop();
    const [expires, keyId, ...rest] = parts;
    if (!expires || !mac || rest.length || !/^\d+$/.test(expires)) return 'wrong';
    const expected = Buffer.from(this.sign(parts.join('.')));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'wrong';
    if (Number(expires) < Date.now()) return 'expired';
    if (keyId === undefined) return { kind: 'admin', via: 'session' };
    const site = this.keys.siteOfId(keyId);
    return site ? { kind: 'key', site, via: 'session' } : 'expired';
  }

  private refuseWhileSpent(ip: string): void {
    const wait = this.wrong.spent(ip);
    if (wait > 0) {
      throw new ApiError(429, 'too_many_attempts', `too many wrong credentials from this address: try again in ${wait} s`, undefined, {
        'Retry-After': String(wait),
      });
    }
  }
}

const unauthorized = () =>
  new ApiError(401, 'unauthorized', 'sign in, or send "Authorization: Bearer <admin token or API key>"', undefined, {
    'WWW-Authenticate': 'Bearer',
  });

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A cookie rides along with cross-site requests; a bearer header does not. So a mutating request
 * signed in by cookie must show it comes from our own pages (browsers mark every such request).
 */
function checkCsrf(auth: Auth, c: Context, p: Principal): void {
  if (p.kind !== 'admin' || p.via !== 'session' || !UNSAFE.has(c.req.method)) return;
  if (auth.fromOwnPages(c) !== true) throw new ApiError(403, 'csrf', 'cross-site request refused: send it from the dashboard');
}

/**
 * The one shape of every guard: someone must be signed in (401), `allow` refuses what they may not
 * do (403), a cookie-signed mutating request must come from our pages, and the handler gets the
 * principal.
 */
function requirePrincipal(auth: Auth, allow: (p: Principal, c: Context) => void): MiddlewareHandler {
  return async (c, next) => {
    const p = auth.principal(c);
    if (!p) throw unauthorized();
    allow(p, c);
    checkCsrf(auth, c, p);
    c.set('principal', p);
    await next();
  };
}

export function requireAdmin(auth: Auth): MiddlewareHandler {
  return requirePrincipal(auth, (p) => {
    if (p.kind !== 'admin') throw new ApiError(403, 'forbidden', 'this needs the admin token; API keys are read-only');
  });
}

/** Admin, or a read-only API key of the site named in the path (GET/HEAD only). */
export function requireSiteReader(auth: Auth): MiddlewareHandler {
  return requirePrincipal(auth, (p, c) => {
    if (p.kind !== 'key') return;
    const readOnly = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (!readOnly || p.site !== c.req.param('site')) throw new ApiError(403, 'forbidden', 'this API key can only read its own site');
  });
}

/** Anyone signed in, for a handler that answers each by what they may read (GET /api/sites; reads need no CSRF check). */
export function requireSignedIn(auth: Auth): MiddlewareHandler {
  return requirePrincipal(auth, () => {});
}
