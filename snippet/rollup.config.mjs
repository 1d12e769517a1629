// Builds the browser snippet: dist/waymark.js (IIFE for the script tag, size-budgeted) and
// dist/waymark.esm.js (for bundlers). Run from anywhere: paths are relative to this file.
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// Aggressive but safe: several passes and top-level mangling (the IIFE scope is ours).
// No property mangling: the only property names left are DOM APIs and the wire keys, which
// must stay as they are. unsafe_arrows is safe here: we never `new` our own functions.
const terserOptions = (module) => ({
  ecma: 2020,
  module,
  toplevel: true,
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
  mangle: { toplevel: true },
  format: { comments: false },
});

const ts = () =>
  typescript({
    tsconfig: here('./tsconfig.json'),
    include: [here('./**/*.ts'), fileURLToPath(new URL('../collector/schema/*.ts', import.meta.url))],
  });

// The ESM build may be imported during server-side rendering: swap dom.ts (bare globals, fewer
// bytes) for dom-esm.ts (globalThis reads, no ReferenceError without a DOM).
const ssrSafeDom = () => ({
  name: 'ssr-safe-dom',
  resolveId: (source, importer) =>
    source === './dom.js' && importer?.startsWith(here('./src/')) ? here('./src/dom-esm.ts') : null,
});

export default [
  {
    input: here('./src/index.ts'),
    output: { file: here('./dist/waymark.js'), format: 'iife', strict: false, plugins: [terser(terserOptions(false))] },
    plugins: [ts()],
  },
  {
    input: here('./esm.ts'),
    output: { file: here('./dist/waymark.esm.js'), format: 'es', plugins: [terser(terserOptions(true))] },
    plugins: [ssrSafeDom(), ts()],
  },
];
