/**
 * Which Chromium the browser tests drive. Playwright cannot download its own browsers here, so
 * we use a system Chromium: $CHROMIUM_PATH, else the Debian/Ubuntu package paths.
 * `node tests/e2e/ensure-chromium.mjs` installs the Debian package when it is missing and allowed.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  const found = CANDIDATES.find((p): p is string => !!p && fs.existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`, ' +
        'or run `node tests/e2e/ensure-chromium.mjs` as root) or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}
