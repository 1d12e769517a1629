// Prints raw, gzip -9 and brotli (max quality) bytes of both built snippets and fails when either
// is above the 1,500-byte gzip budget (DESIGN.md): the script-tag build (dist/waymark.js, what
// sites load) and the ESM build (dist/waymark.esm.js, what bundlers import; same behaviour, no
// `waymark()` global, SSR-safe globals). gzip is zlib's deflate at level 9 with no file name in
// the header (as a server sends it; `gzip -9 file` stores the name: +11 B for "waymark.js").
// Run after `npm run build:snippet`.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET = 1500;
let failed = false;
for (const name of ['waymark.js', 'waymark.esm.js']) {
  let src;
  try {
    src = readFileSync(new URL(`./dist/${name}`, import.meta.url));
  } catch {
    console.error(`snippet/dist/${name} is missing: run \`npm run build:snippet\` first`);
    process.exit(1);
  }
  const gzip = gzipSync(src, { level: 9 }).length;
  const brotli = brotliCompressSync(src, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`snippet/dist/${name}: raw ${src.length} B, gzip -9 ${gzip} B, brotli ${brotli} B (budget ${BUDGET} B gzip)`);
  if (gzip > BUDGET) {
    console.error(`  over budget by ${gzip - BUDGET} B gzip`);
    failed = true;
  }
}
if (failed) process.exit(1);
