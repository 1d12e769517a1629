/**
 * One temporary root per test run: every test's data dir (tempDir() in helpers/server.ts) goes
 * under it, and it is removed when the run ends. Each data dir holds an embedded ClickHouse
 * (~40 MB); left behind, a few hundred runs filled this machine's disk until writes failed.
 * WAYMARK_KEEP_TEST_DIRS=1 keeps them for a look after a failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-tests-'));
  // Set before the forked test processes start, which inherit it.
  process.env.WAYMARK_TEST_TMP = root;
  return () => {
    if (process.env.WAYMARK_KEEP_TEST_DIRS) console.log(`test data dirs kept in ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  };
}
