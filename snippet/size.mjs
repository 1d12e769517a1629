// Prints raw, gzip -9 and brotli (max quality) bytes of the built script-tag snippet and fails
// above the 1,500-byte gzip budget (DESIGN.md). Run after `npm run build:snippet`.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET = 1500;
const file = new URL('./dist/waymark.js', import.meta.url);
let src;
try {
  src = readFileSync(file);
} catch {
  console.error(`snippet/dist/waymark.js is missing: run \`npm run build:snippet\` first`);
  process.exit(1);
}
const gzip = gzipSync(src, { level: 9 }).length;
const brotli = brotliCompressSync(src, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`snippet/dist/waymark.js: raw ${src.length} B, gzip -9 ${gzip} B, brotli ${brotli} B (budget ${BUDGET} B gzip)`);
if (gzip > BUDGET) {
  console.error(`over budget by ${gzip - BUDGET} B gzip`);
  process.exit(1);
}
