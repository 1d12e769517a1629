/**
 * Bot filter, with isbot's pattern list (crawlers, monitors, HTTP libraries, headless browsers).
 * Bots are dropped before enrichment: they would inflate page views and fake bounces.
 */
import { createIsbotFromList, isbot, list } from 'isbot';
import { memoByString } from './memo.js';

/**
 * Our end-to-end tests drive headless Chromium, whose UA says "HeadlessChrome"; with the
 * allowHeadless switch (off by default) those must reach the store. isbot matches them with
 * its "headless" pattern only, so this matcher is isbot minus that one pattern. It is used for
 * HeadlessChrome UAs only: every other UA still meets the full list.
 */
const HEADLESS_CHROME = 'HeadlessChrome';
const isbotAllowingHeadless = createIsbotFromList(list.filter((pattern) => pattern !== 'headless'));

// isbot's list is one large regular expression (a few µs a call): memoized per UA.
const strict = memoByString(isbot);
const lenient = memoByString(isbotAllowingHeadless);

export function isBot(ua: string, opts: { allowHeadless: boolean }): boolean {
  // Every browser sends a user agent; a request without one is a script.
  if (ua.trim() === '') return true;
  if (opts.allowHeadless && ua.includes(HEADLESS_CHROME)) return lenient(ua);
  return strict(ua);
}
