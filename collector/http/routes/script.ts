/**
 * Serves the built browser snippet (snippet/dist/waymark.js, built by `npm run build:snippet`):
 * - `/js/waymark.js` and an optional neutral alias (e.g. `/js/wm.js`: ad-block lists target
 *   well-known tracker names): short cache (5 min) + ETag, 304 on If-None-Match, so a rebuilt
 *   snippet reaches pages quickly;
 * - `/js/waymark.<hash>.js`: the same bytes, cached for a year as immutable (the hash changes
 *   with the content; an outdated hash is a 404, never other bytes under an immutable URL).
 * The file is read once and kept in memory; a rebuild is picked up on restart. Until it has been
 * built, every path answers 503 `snippet_not_built`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Context } from 'hono';

export interface Snippet {
  body: Buffer;
  /** First 16 hex chars of the SHA-256 of the file: names the versioned URL and is the ETag. */
  hash: string;
  versionedPath: string;
}

/** Reads the built snippet; undefined when it has not been built. */
export function readSnippet(distDir: string): Snippet | undefined {
  let body: Buffer;
  try {
    body = readFileSync(join(distDir, 'waymark.js'));
  } catch {
    return undefined;
  }
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { body, hash, versionedPath: `/js/waymark.${hash}.js` };
}

const SHORT = 'public, max-age=300';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** RFC 9110 If-None-Match: "*" or a list of (possibly weak) tags; compared weakly for GET. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}

export function scriptRoutes(opts: { aliasPath?: string; distDir: string }): Hono {
  const app = new Hono();
  let cached: Snippet | undefined; // only a successful read is cached: a later build still shows up

  const load = () => (cached ??= readSnippet(opts.distDir));

  const serve = (c: Context, snippet: Snippet, cacheControl: string) => {
    const etag = `"${snippet.hash}"`;
    c.header('Cache-Control', cacheControl);
    c.header('ETag', etag);
    // Lets pages load it with crossorigin + Subresource Integrity; harmless otherwise.
    c.header('Access-Control-Allow-Origin', '*');
    c.header('X-Content-Type-Options', 'nosniff');
    if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    c.header('Content-Type', 'application/javascript; charset=utf-8');
    return c.body(new Uint8Array(snippet.body), 200);
  };

  const notBuilt = (c: Context) =>
    c.json(
      {
        error: {
          code: 'snippet_not_built',
          message: 'the browser snippet has not been built: run `npm run build:snippet` and restart',
        },
      },
      503,
    );

  const unversioned = (c: Context) => {
    const snippet = load();
    return snippet ? serve(c, snippet, SHORT) : notBuilt(c);
  };

  app.get('/js/waymark.js', unversioned);
  if (opts.aliasPath && opts.aliasPath !== '/js/waymark.js') app.get(opts.aliasPath, unversioned);

  app.get('/js/:file{waymark\\.[0-9a-f]+\\.js}', (c) => {
    const snippet = load();
    if (!snippet) return notBuilt(c);
    if (c.req.param('file') !== `waymark.${snippet.hash}.js`) {
      return c.json({ error: { code: 'not_found', message: `outdated snippet version; current: ${snippet.versionedPath}` } }, 404);
    }
    return serve(c, snippet, IMMUTABLE);
  });

  return app;
}
