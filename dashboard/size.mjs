// Prints the dashboard's JS and CSS sizes (raw and gzip -9) and fails when the JS gzip total is
// above the 250 KB budget (issue 5). Run after `npm run build:dashboard`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 250 * 1024;
const dist = new URL('./dist/', import.meta.url);
let manifest;
try {
  manifest = JSON.parse(readFileSync(new URL('manifest.json', dist), 'utf8'));
} catch {
  console.error('dashboard/dist/manifest.json is missing: run `npm run build:dashboard` first');
  process.exit(1);
}
let jsRaw = 0;
let jsGzip = 0;
for (const name of manifest.files) {
  const src = readFileSync(new URL(`assets/${name}`, dist));
  const gzip = gzipSync(src, { level: 9 }).length;
  if (name.endsWith('.js')) {
    jsRaw += src.length;
    jsGzip += gzip;
  }
  console.log(`  dashboard/dist/assets/${name}: raw ${src.length} B, gzip -9 ${gzip} B`);
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`dashboard JS total: raw ${kb(jsRaw)} KB, gzip -9 ${kb(jsGzip)} KB (budget ${kb(BUDGET)} KB gzip)`);
if (jsGzip > BUDGET) {
  console.error(`over budget by ${kb(jsGzip - BUDGET)} KB gzip`);
  process.exit(1);
}
