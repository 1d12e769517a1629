/**
 * User-agent → browser, OS and device class, with ua-parser-js. Names are normalised to the
 * ones people search for in reports; versions are dropped (too many distinct values to compare
 * journeys by, and a fingerprinting aid).
 */
import { UAParser } from 'ua-parser-js';
import { memoByString } from './memo.js';
import type { DEVICE_TYPES } from '../schema/event.js';

export type Device = (typeof DEVICE_TYPES)[number];

/** Readonly: results are shared through the cache below. */
export interface UserAgentInfo {
  readonly browser: string;
  readonly os: string;
  readonly device: Device;
}

// Maps, not object literals: names come from the UA text, and an object would answer
// "constructor" or "toString" with a function.

/** ua-parser names that differ from what people call the browser; the device says "mobile". */
const BROWSER_NAMES: ReadonlyMap<string, string> = new Map([['Mobile Safari', 'Safari']]);

/** "macOS" is Apple's name since 2016; Linux distributions are all "Linux" in reports. */
const OS_NAMES: ReadonlyMap<string, string> = new Map([
  ['Mac OS', 'macOS'],
  ['Chromium OS', 'ChromeOS'],
  ['Ubuntu', 'Linux'],
  ['Debian', 'Linux'],
  ['Fedora', 'Linux'],
  ['Arch', 'Linux'],
  ['Mint', 'Linux'],
  ['openSUSE', 'Linux'],
  ['CentOS', 'Linux'],
  ['Gentoo', 'Linux'],
  ['Kubuntu', 'Linux'],
  ['RedHat', 'Linux'],
]);

/**
 * ua-parser's device.type → our device class. No type means a desktop browser: ua-parser only
 * names a type when the UA says so (phones and tablets always do). TVs, consoles, watches,
 * headsets and embedded screens (smarttv, console, wearable, xr, embedded) are "other": too few
 * to compare one by one.
 */
function deviceClass(type: string | undefined): Device {
  if (type === undefined) return 'desktop';
  return type === 'mobile' || type === 'tablet' ? type : 'other';
}

function parse(ua: string): UserAgentInfo {
  const { browser, os, device } = new UAParser(ua).getResult();
  const browserName = browser.name ?? '';
  const osName = os.name ?? '';
  return {
    browser: BROWSER_NAMES.get(browserName) ?? browserName,
    os: OS_NAMES.get(osName) ?? osName,
    device: deviceClass(device.type),
  };
}

/** Parsing costs tens of µs and UAs repeat: memoized (see memo.ts). */
export const parseUserAgent: (ua: string) => UserAgentInfo = memoByString(parse);
