// Puts a finished dashboard build in place without taking the running one away. The server reads
// dist/manifest.json on every page load, and open tabs load their lazy chunks (ECharts) later: so
// the old build's files stay until the new manifest is in place, the manifest is swapped in one
// rename (a reader sees the old one or the new one, never a missing or half-written file), and the
// files of the build before stay one more generation for the tabs still showing it. Cleaning dist/
// at the start of a build instead (as we did) made a running server answer 503 "not built" for the
// whole build, e.g. when a second `npm start` was run by mistake beside it.
import fs from 'node:fs';
import path from 'node:path';

/** @param {string} file @returns {{ files?: unknown } | undefined} */
const readManifest = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

/** @param {unknown} m @returns {string[]} */
const filesOf = (m) => {
  const files = m && typeof m === 'object' ? /** @type {{ files?: unknown }} */ (m).files : undefined;
  return Array.isArray(files) ? files.filter((f) => typeof f === 'string') : [];
};

/**
 * Writes `manifest` as dist/manifest.json by rename and deletes the assets that neither it nor the
 * manifest it replaces lists. Returns the names deleted.
 * @param {string} dist
 * @param {{ js: string, css: string, files: string[] }} manifest
 * @returns {string[]}
 */
export function publishManifest(dist, manifest) {
  const file = path.join(dist, 'manifest.json');
  const keep = new Set([...manifest.files, ...filesOf(readManifest(file))]);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n');
  fs.renameSync(tmp, file);
  const assets = path.join(dist, 'assets');
  const removed = [];
  for (const name of fs.existsSync(assets) ? fs.readdirSync(assets) : []) {
    if (keep.has(name)) continue;
    fs.rmSync(path.join(assets, name), { force: true });
    removed.push(name);
  }
  return removed.sort();
}

/**
 * Copies the folder `from` to `to` through a fresh sibling folder and two renames, so a reader
 * finds the old copy or the new one (for an instant neither: the server then answers 404).
 * @param {string} from
 * @param {string} to
 */
export function replaceDir(from, to) {
  const next = `${to}.${process.pid}.new`;
  const old = `${to}.${process.pid}.old`;
  fs.rmSync(next, { recursive: true, force: true });
  fs.cpSync(from, next, { recursive: true });
  const had = fs.existsSync(to);
  if (had) fs.renameSync(to, old);
  fs.renameSync(next, to);
  if (had) fs.rmSync(old, { recursive: true, force: true });
}
