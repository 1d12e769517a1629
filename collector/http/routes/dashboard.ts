/**
 * The dashboard: every view URL answers with the app shell when signed in, else the login page
 * (both HTML, status 200; the API answers 401 JSON on its own). `/?token=…` signs in and drops
 * the token from the address bar. Built assets are immutable (hashed names); HTML is no-cache and
 * carries a strict CSP: scripts from our origin only, nothing inline. The demo shop lives at /demo/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import type { Auth } from '../auth.js';
import { ApiError } from '../errors.js';
import { readBody } from '../read-body.js';
import { VIEW_PATTERNS } from '../../../dashboard/src/routes.js';
import { loginPage, appShell, notBuiltPage, notFoundPage, type Manifest } from '../../../dashboard/server/pages.js';

// Inline styles stay allowed: ECharts positions its tooltip with style attributes. Scripts never.
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};
/** The sign-in form: a token and a return path. */
const LOGIN_FORM_MAX_BYTES = 16 * 1024;
const ASSET_NAME = /^[\w-]+\.[\w-]+\.(js|css)$/;
const DEMO_NAME = /^[\w-]+\.(html|css|js|svg)$/;

/** Demo shop URL → file in dist/demo/. Paths mirror the simulated shop's, under /demo. */
const DEMO_PAGES: [RegExp, string][] = [
  [/^\/demo\/?$/, 'index.html'],
  [/^\/demo\/products\/?$/, 'products.html'],
  [/^\/demo\/products\/[\w-]+$/, 'product.html'],
  [/^\/demo\/cart$/, 'cart.html'],
  [/^\/demo\/checkout$/, 'checkout.html'],
  [/^\/demo\/checkout\/payment$/, 'payment.html'],
  [/^\/demo\/thank-you$/, 'thank-you.html'],
];

export function dashboardRoutes(opts: { distDir: string; auth: Auth }): Hono {
  const app = new Hono();
  const files = new FileCache();

  /** Read per request (a few bytes): a rebuild while the server runs is picked up at once. */
  const manifest = (): Manifest | undefined => {
    try {
      const m: unknown = JSON.parse(fs.readFileSync(path.join(opts.distDir, 'manifest.json'), 'utf8'));
      const ok = typeof m === 'object' && m !== null && typeof (m as Manifest).js === 'string' && typeof (m as Manifest).css === 'string';
      return ok ? (m as Manifest) : undefined;
    } catch {
      return undefined;
    }
  };

  const html = (c: Context, body: string, status: 200 | 403 | 404 | 503 = 200) => {
    c.header('Content-Security-Policy', DASHBOARD_CSP);
    c.header('Cache-Control', 'no-cache');
    // Not no-referrer: under it browsers send `Origin: null` on same-origin POSTs, which the CSRF
    // check (rightly) refuses. same-origin still keeps our URLs from other sites.
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(body, status);
  };

  /** A client past its wrong-credential budget (auth.ts) gets the login page saying so, not JSON. */
  const refusedSignIn = (c: Context, err: unknown, next: string) => {
    if (!(err instanceof ApiError) || err.status !== 429) throw err;
    for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    return html(c, loginPage(manifest(), next, `Sign-in refused: ${err.message}.`));
  };

  const view = (c: Context) => {
    const url = new URL(c.req.url);
    try {
      return viewOrLogin(c, url);
    } catch (err) {
      url.searchParams.delete('token');
      return refusedSignIn(c, err, url.pathname + url.search);
    }
  };
  const viewOrLogin = (c: Context, url: URL) => {
    const m = manifest();
    const token = url.searchParams.get('token');
    if (token !== null) {
      url.searchParams.delete('token');
      const ok = opts.auth.login(c, token);
      if (ok) {
        c.header('Cache-Control', 'no-store');
        c.header('Referrer-Policy', 'no-referrer');
        return c.redirect(url.pathname + url.search, 302);
      }
      return html(c, loginPage(m, url.pathname + url.search, 'That sign-in link is not valid (wrong or old token, or a revoked key).'));
    }
    if (!opts.auth.principal(c)) return html(c, loginPage(m, url.pathname + url.search));
    return m ? html(c, appShell(m)) : html(c, notBuiltPage(), 503);
  };
  for (const pattern of VIEW_PATTERNS) app.get(pattern, view);

  // The login form posts here (works without JavaScript). Same-origin only, like every cookie write.
  app.post('/login', async (c) => {
    if (opts.auth.fromOwnPages(c) === false) return html(c, loginPage(manifest(), '/', 'Cross-site sign-in refused.'), 403);
    // The form is urlencoded (the login page's), a few hundred bytes: bounded like every body.
    const form = new URLSearchParams(await readBody(c, LOGIN_FORM_MAX_BYTES, () => {}));
    const token = form.get('token') ?? '';
    const next = safeNext(form.get('next') ?? '/');
    // 200, like every dashboard HTML page: the error is on the page (a 401 would also log a console error).
    let ok: boolean;
    try {
      ok = opts.auth.login(c, token) !== null;
    } catch (err) {
      return refusedSignIn(c, err, next);
    }
    if (!ok) return html(c, loginPage(manifest(), next, 'Wrong token or key. Check the link printed at start-up or the data dir’s admin-token file, or ask for a new key.'));
    return c.redirect(next, 303);
  });

  // Not ours (e.g. a WAYMARK_SCRIPT_ALIAS like /assets/app.js, or an unknown name): fall through.
  app.get('/assets/:file', async (c, next) => {
    const name = c.req.param('file');
    const file = ASSET_NAME.test(name) ? await files.get(path.join(opts.distDir, 'assets', name)) : undefined;
    if (!file) return next();
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return send(c, file, name);
  });

  app.get('/demo/*', async (c) => {
    const p = c.req.path;
    const page = DEMO_PAGES.find(([re]) => re.test(p))?.[1];
    const asset = p.startsWith('/demo/') && DEMO_NAME.test(p.slice(6)) ? p.slice(6) : undefined;
    const name = page ?? asset;
    const file = name && (await files.get(path.join(opts.distDir, 'demo', name)));
    if (!name || !file) return c.text('not found', 404);
    c.header('Cache-Control', 'no-cache');
    c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'");
    return send(c, file, name);
  });
  app.get('/demo', (c) => c.redirect('/demo/', 301));

  // Last: a browser that navigates to no page (a mistyped or outdated link, e.g. /journeys/x) gets
  // a page that says so and leads to the dashboard; API clients keep the JSON 404.
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || !(c.req.header('accept') ?? '').includes('text/html')) return next();
    return html(c, notFoundPage(manifest()), 404);
  });
  return app;
}

/**
 * Only local paths: never let `next` send a fresh session to another site (open redirect).
 * Browsers drop tabs and newlines from URLs ("/\t/evil.example" becomes "//evil.example"), so
 * control characters and whitespace are refused too.
 */
function safeNext(next: string): string {
  return /^\/(?![/\\])[^\s\x00-\x1f\x7f]*$/.test(next) ? next : '/';
}

function send(c: Context, file: CachedFile, name: string): Response {
  c.header('Content-Type', TYPES[path.extname(name)] ?? 'application/octet-stream');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Vary', 'Accept-Encoding');
  if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
    c.header('Content-Encoding', 'gzip');
    return c.body(new Uint8Array(file.gzip));
  }
  return c.body(new Uint8Array(file.raw));
}

interface CachedFile {
  raw: Buffer;
  gzip: Buffer;
  mtimeMs: number;
}

/** Files with their gzip, compressed once; re-read when the file changes (rebuild, edit). */
class FileCache {
  private readonly cache = new Map<string, CachedFile>();

  async get(file: string): Promise<CachedFile | undefined> {
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (!stat?.isFile()) return undefined;
    const hit = this.cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs) return hit;
    const raw = await fs.promises.readFile(file);
    const entry = { raw, gzip: gzipSync(raw, { level: 9 }), mtimeMs: stat.mtimeMs };
    this.cache.set(file, entry);
    return entry;
  }
}
