/**
 * GET /api/openapi.json (the document, built once from the route registries) and GET /api/docs
 * (Swagger UI from the npm package swagger-ui-dist, served from node_modules under
 * /api/docs/assets/). Both public: they describe the API and contain no data. No CDN and nothing
 * inline: the page's CSP admits only our own origin (plus data: images, which Swagger UI's CSS
 * uses for its icons).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { buildOpenApi } from '../openapi/document.js';

export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Waymark API reference</title>
<link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script>
</body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to swagger.io for a badge.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  defaultModelsExpandDepth: 0,
});
`;

/** The only files served from swagger-ui-dist: an allowlist, never a path from the request. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

interface Asset {
  raw: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  type: string;
}

export function openapiRoutes(): Hono {
  const app = new Hono();
  let doc: string | undefined;
  const dist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Asset>();

  // Read and gzipped on first use (the bundle is ~1.5 MB); the package does not change while running.
  const asset = (name: string): Asset | undefined => {
    const type = name === 'init.js' ? 'text/javascript; charset=utf-8' : ASSETS[name];
    if (!type) return undefined;
    let a = cache.get(name);
    if (!a) {
      const raw = name === 'init.js' ? Buffer.from(INIT) : fs.readFileSync(path.join(dist, name));
      a = { raw: new Uint8Array(raw), gzip: new Uint8Array(gzipSync(raw)), type };
      cache.set(name, a);
    }
    return a;
  };

  app.get('/api/openapi.json', (c) => {
    doc ??= JSON.stringify(buildOpenApi());
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    c.header('Access-Control-Allow-Origin', '*'); // public description: let other tools fetch it
    return c.body(doc);
  });

  app.get('/api/docs', (c) => {
    secure(c);
    c.header('Cache-Control', 'no-cache');
    return c.html(PAGE);
  });

  app.get('/api/docs/assets/:file', (c) => {
    const a = asset(c.req.param('file'));
    if (!a) return c.json({ error: { code: 'not_found', message: 'no such asset' } }, 404);
    secure(c);
    c.header('Content-Type', a.type);
    c.header('Cache-Control', 'public, max-age=86400');
    c.header('Vary', 'Accept-Encoding');
    if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
      c.header('Content-Encoding', 'gzip');
      return c.body(a.gzip);
    }
    return c.body(a.raw);
  });
  return app;
}

function secure(c: Context): void {
  c.header('Content-Security-Policy', DOCS_CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
}
