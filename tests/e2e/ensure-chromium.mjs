// Makes sure a Chromium exists for the browser tests (run before vitest by `npm test`).
// Installs the Debian package with apt-get when it is missing and we are root; otherwise
// exits 1 with the command to run. Does nothing when CHROMIUM_PATH or a system Chromium exists.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
if (candidates.some((p) => p && fs.existsSync(p))) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = fs.existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log('Chromium is missing: installing the Debian package `chromium` with apt-get…');
  try {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch {
    /* reported below */
  }
  if (fs.existsSync('/usr/bin/chromium')) process.exit(0);
}
console.error(
  'The browser tests need Chromium and none was found or could be installed.\n' +
    '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
    '  or set CHROMIUM_PATH=/path/to/chromium-or-chrome',
);
process.exit(1);
