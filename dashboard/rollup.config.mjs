// Builds the dashboard into dist/: hashed JS chunks and CSS under dist/assets/, dist/manifest.json
// (which files the HTML shell links; read by collector/http/routes/dashboard.ts) and the demo shop
// copied to dist/demo/. A running server keeps serving the previous build until the new one is
// complete (publish.mjs). ECharts is a separate chunk loaded on first chart, so the shell paints first.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { minify as terser } from 'terser';
import resolve from '@rollup/plugin-node-resolve';
import { publishManifest, replaceDir } from './publish.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DIST = here('./dist');

/**
 * TypeScript/TSX → JS with esbuild (fast; types are checked by `npm run typecheck`, not here).
 * Sources import siblings as `./x.js` (NodeNext style): resolve those to the .ts/.tsx file.
 */
const ts = () => ({
  name: 'esbuild-ts',
  resolveId(source, importer) {
    if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
    const base = path.resolve(path.dirname(importer), source.slice(0, -3));
    for (const ext of ['.ts', '.tsx']) if (fs.existsSync(base + ext)) return base + ext;
    return null;
  },
  async transform(code, id) {
    if (!/\.tsx?$/.test(id)) return null;
    const out = await transform(code, {
      loader: id.endsWith('x') ? 'tsx' : 'ts',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      target: 'es2022',
      sourcefile: id,
    });
    return { code: out.code, map: null };
  },
});

/**
 * Minify in two steps: esbuild first (fast, does most of the work), then terser, which saves
 * another ~4 % gzip on ECharts. Terser alone on the raw bundle takes four times as long. Two
 * compress passes save 1.1 KB gzip over one (~2 s more build); a third saved nothing.
 */
const minify = () => ({
  name: 'minify',
  async renderChunk(code) {
    const pre = await transform(code, { minify: true, format: 'esm', target: 'es2020', legalComments: 'none' });
    const out = await terser(pre.code, { module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } });
    return { code: out.code ?? pre.code, map: null };
  },
});

/**
 * Libraries guard development-only checks with `process.env.NODE_ENV` (ECharts' __DEV__): there is
 * no `process` in a browser. Replacing it with "production" also lets the minifier drop that code.
 */
const production = () => ({
  name: 'node-env',
  transform(code, id) {
    if (!id.includes('node_modules') || !code.includes('process.env.NODE_ENV')) return null;
    return { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null };
  },
});

/** Plain CSS, emitted as a hashed asset (no CSS-in-JS: nothing inline, CSP stays strict). */
const css = () => ({
  name: 'css',
  buildStart() {
    const file = here('./src/styles.css');
    this.addWatchFile(file);
    this.emitFile({ type: 'asset', name: 'app.css', source: fs.readFileSync(file, 'utf8') });
  },
});

/**
 * manifest.json: the entry script and stylesheet the server links from its HTML shell. Written
 * last, in one rename; then the hashed files of builds before the previous one are deleted.
 */
const manifest = () => ({
  name: 'manifest',
  writeBundle(_opts, bundle) {
    const files = Object.values(bundle);
    const entry = files.find((f) => f.type === 'chunk' && f.isEntry);
    const style = files.find((f) => f.type === 'asset' && f.names?.includes('app.css'));
    if (!entry || !style) throw new Error('manifest: entry chunk or stylesheet missing');
    const out = { js: entry.fileName, css: style.fileName, files: files.map((f) => f.fileName).sort() };
    publishManifest(DIST, out);
  },
});

/**
 * The dashboard validates with zod but never builds JSON Schema, yet every zod schema refers to
 * its JSON Schema processors (~55 KB of source): zod's classic schemas get stubs of them instead,
 * generated from the real module's export list so a zod update cannot leave one out. Only
 * `aggregateChecks` (what `.minLength` and friends read) is the real one. Calling for JSON Schema
 * in the browser throws, saying why.
 */
const noJsonSchema = () => {
  const processors = here('../node_modules/zod/v4/core/json-schema-processors.js');
  const STUB = { processors: '\0zod-json-schema-processors', generator: '\0zod-to-json-schema' };
  const fail = `() => { throw new Error('the dashboard is built without zod JSON Schema (rollup.config.mjs)'); }`;
  return {
    name: 'no-json-schema',
    resolveId(source, importer) {
      if (!importer?.replaceAll('\\', '/').endsWith('/zod/v4/classic/schemas.js')) return null;
      if (source === '../core/json-schema-processors.js') return STUB.processors;
      if (source === '../core/to-json-schema.js') return STUB.generator;
      return null;
    },
    load(id) {
      if (id === STUB.processors) {
        const names = [...fs.readFileSync(processors, 'utf8').matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1]);
        if (!names.includes('aggregateChecks')) throw new Error('zod: json-schema-processors.js no longer exports aggregateChecks');
        const stubs = names.filter((n) => n !== 'aggregateChecks').map((n) => `export const ${n} = ${fail};`);
        return `export { aggregateChecks } from ${JSON.stringify(processors)};\n${stubs.join('\n')}`;
      }
      if (id === STUB.generator) return `export const createToJSONSchemaMethod = () => ${fail};\nexport const createStandardJSONSchemaMethod = () => ${fail};`;
      return null;
    },
  };
};

/** The demo shop is static HTML: copied as is to dist/demo/. */
const demoShop = () => ({
  name: 'demo-shop',
  writeBundle() {
    replaceDir(here('./demo-shop'), path.join(DIST, 'demo'));
  },
});

export default {
  input: { app: here('./src/main.tsx') },
  output: {
    dir: path.join(DIST, 'assets'),
    format: 'es',
    entryFileNames: '[name].[hash].js',
    chunkFileNames: '[name].[hash].js',
    assetFileNames: '[name].[hash][extname]',
    plugins: [minify()],
  },
  plugins: [css(), ts(), production(), noJsonSchema(), resolve({ browser: true, extensions: ['.mjs', '.js', '.json'] }), manifest(), demoShop()],
  onwarn(warning, warn) {
    // Noise from dependencies (ECharts' top-level `this`, zod's comment placement and its
    // internal import cycle); our own code gets every warning.
    const inDeps = (warning.id ?? warning.ids?.[0] ?? '').includes('node_modules');
    if (warning.code === 'THIS_IS_UNDEFINED' || (inDeps && ['INVALID_ANNOTATION', 'CIRCULAR_DEPENDENCY'].includes(warning.code))) return;
    warn(warning);
  },
};
