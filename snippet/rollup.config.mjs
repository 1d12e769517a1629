// Builds the browser snippet: dist/waymark.js (IIFE for the script tag, size-budgeted) and
// dist/waymark.esm.js (for bundlers). Run from anywhere: paths are relative to this file.
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

// Aggressive but safe: several passes and top-level mangling (the IIFE scope is ours).
// No property mangling: the only property names left are DOM APIs, the wire keys and the
// settings (data- attribute names), which must stay as they are. unsafe_arrows is safe here: we
// never `new` our own functions. The rest was measured (gzip -9, `npm run size`): 5 passes beat
// 3 for both builds; the ESM build is smaller with only simple functions inlined (`inline: 1`:
// its entry points stay functions, so multi-statement helpers inlined there become IIFEs), the
// IIFE build with full inlining. `unsafe` and the other unsafe_* flags change nothing here;
// `booleans_as_integers` would turn `v !== false` into `v != 0` (the ESM options), so it stays off.
const terserOptions = (module) => ({
  ecma: 2020,
  module,
  toplevel: true,
  compress: { passes: 5, inline: module ? 1 : 3, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
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

// The minified code has no line break; a final one would add a symbol to gzip's code table (3 B).
const noFinalNewline = () => ({
  name: 'no-final-newline',
  generateBundle: (_, bundle) => Object.values(bundle).forEach((c) => c.type == 'chunk' && (c.code = c.code.trimEnd())),
});

export default [
  {
    input: here('./src/index.ts'),
    output: { file: here('./dist/waymark.js'), format: 'iife', strict: false, plugins: [terser(terserOptions(false)), noFinalNewline()] },
    plugins: [ts()],
  },
  {
    input: here('./esm.ts'),
    output: { file: here('./dist/waymark.esm.js'), format: 'es', plugins: [terser(terserOptions(true)), noFinalNewline()] },
    plugins: [ssrSafeDom(), ts()],
  },
];
