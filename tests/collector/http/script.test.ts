/** Serving the built snippet: paths, cache headers, ETag/304, versioned URL, not-built 503. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnippet, scriptRoutes } from '../../../collector/http/routes/script.js';

function distWith(content: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-dist-'));
  if (content !== null) fs.writeFileSync(path.join(dir, 'waymark.js'), content);
  return dir;
}

describe('scriptRoutes', () => {
  const distDir = distWith('!function(){/* snippet */}();');
  const app = scriptRoutes({ distDir, aliasPath: '/js/wm.js' });
  const { hash } = readSnippet(distDir)!;

  it.each(['/js/waymark.js', '/js/wm.js'])('%s serves the file as JavaScript with a short cache and an ETag', async (p) => {
    const res = await app.request(p);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('!function(){/* snippet */}();');
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('etag')).toBe(`"${hash}"`);
  });

  it.each([`"${hash}"`, `W/"${hash}"`, `"other", "${hash}"`, '*'])('If-None-Match %s → 304 without a body', async (inm) => {
    const res = await app.request('/js/waymark.js', { headers: { 'If-None-Match': inm } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    expect(res.headers.get('etag')).toBe(`"${hash}"`);
  });

  it('a different ETag gets the file again', async () => {
    const res = await app.request('/js/waymark.js', { headers: { 'If-None-Match': '"stale"' } });
    expect(res.status).toBe(200);
  });

  it('the versioned URL is cached for a year as immutable', async () => {
    const res = await app.request(`/js/waymark.${hash}.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('an outdated version is a 404 naming the current URL, never other bytes under an immutable URL', async () => {
    const res = await app.request('/js/waymark.0123456789abcdef.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining(`/js/waymark.${hash}.js`) } });
  });

  it('no alias is served unless configured', async () => {
    const plain = scriptRoutes({ distDir });
    expect((await plain.request('/js/wm.js')).status).toBe(404);
  });

  it('before the snippet is built: 503 snippet_not_built on every path', async () => {
    const missing = scriptRoutes({ distDir: distWith(null), aliasPath: '/js/wm.js' });
    for (const p of ['/js/waymark.js', '/js/wm.js', '/js/waymark.0123456789abcdef.js']) {
      const res = await missing.request(p);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'snippet_not_built', message: expect.stringContaining('build:snippet') } });
    }
  });
});
