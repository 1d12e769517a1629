import { describe, expect, it } from 'vitest';
import { isBot } from '../../../collector/ingest/bot.js';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const HEADLESS_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const PHANTOMJS =
  'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1';

const strict = { allowHeadless: false };
const allowHeadless = { allowHeadless: true };

describe('isBot', () => {
  it.each([
    ['a desktop browser', CHROME, false],
    ['Googlebot', GOOGLEBOT, true],
    ['curl', 'curl/8.4.0', true],
    ['python-requests', 'python-requests/2.31.0', true],
    ['an empty UA', '', true],
    ['a blank UA', '   ', true],
    ['headless Chrome', HEADLESS_CHROME, true],
  ])('by default: %s → %s', (_name, ua, expected) => {
    expect(isBot(ua, strict)).toBe(expected);
  });

  it.each([
    ['headless Chrome (our Playwright tests)', HEADLESS_CHROME, false],
    ['a desktop browser', CHROME, false],
    ['Googlebot', GOOGLEBOT, true],
    ['PhantomJS', PHANTOMJS, true],
    ['an empty UA', '', true],
    ['a bot claiming HeadlessChrome', `${HEADLESS_CHROME} Googlebot/2.1`, true],
  ])('with allowHeadless: %s → %s', (_name, ua, expected) => {
    expect(isBot(ua, allowHeadless)).toBe(expected);
  });
});
