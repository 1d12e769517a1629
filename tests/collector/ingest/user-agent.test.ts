import { describe, expect, it } from 'vitest';
import { parseUserAgent } from '../../../collector/ingest/user-agent.js';

const UA = {
  chromeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  safariIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
  safariIpad:
    'Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
  samsungPhone:
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  chromeAndroidTablet:
    'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  firefoxLinux: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  edgeWindows:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0',
  chromebook:
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  samsungTv:
    'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36',
  playstation: 'Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)',
};

describe('parseUserAgent', () => {
  it.each([
    ['Chrome on Windows', UA.chromeWindows, { browser: 'Chrome', os: 'Windows', device: 'desktop' }],
    ['Safari on a Mac ("Mac OS" → "macOS")', UA.safariMac, { browser: 'Safari', os: 'macOS', device: 'desktop' }],
    ['Safari on iPhone ("Mobile Safari" → "Safari")', UA.safariIphone, { browser: 'Safari', os: 'iOS', device: 'mobile' }],
    ['Safari on iPad', UA.safariIpad, { browser: 'Safari', os: 'iOS', device: 'tablet' }],
    ['Samsung Internet on a Galaxy phone', UA.samsungPhone, { browser: 'Samsung Internet', os: 'Android', device: 'mobile' }],
    ['Chrome on an Android tablet', UA.chromeAndroidTablet, { browser: 'Chrome', os: 'Android', device: 'tablet' }],
    ['Firefox on Ubuntu (distribution → "Linux")', UA.firefoxLinux, { browser: 'Firefox', os: 'Linux', device: 'desktop' }],
    ['Edge on Windows', UA.edgeWindows, { browser: 'Edge', os: 'Windows', device: 'desktop' }],
    ['Chrome on a Chromebook', UA.chromebook, { browser: 'Chrome', os: 'ChromeOS', device: 'desktop' }],
    ['a smart TV', UA.samsungTv, { browser: 'Samsung Internet', os: 'Tizen', device: 'other' }],
    ['a game console', UA.playstation, { os: 'PlayStation', device: 'other' }],
    ['an unrecognised UA', 'SomethingNew/1.0', { browser: '', os: '', device: 'desktop' }],
    ['an empty UA', '', { browser: '', os: '', device: 'desktop' }],
  ])('%s', (_name, ua, expected) => {
    expect(parseUserAgent(ua)).toMatchObject(expected);
  });

  it('returns the same answer from the cache as from a fresh parse', () => {
    const first = parseUserAgent(UA.safariIphone);
    expect(parseUserAgent(UA.safariIphone)).toBe(first);
  });

  it('keeps answering correctly after more distinct UAs than the cache holds', () => {
    for (let i = 0; i < 2500; i++) parseUserAgent(`${UA.chromeWindows} Build/${i}`);
    expect(parseUserAgent(UA.samsungPhone)).toEqual({ browser: 'Samsung Internet', os: 'Android', device: 'mobile' });
  });

  it('parses very long UAs without caching trouble', () => {
    const long = UA.safariIphone + ' x'.repeat(5000);
    expect(parseUserAgent(long)).toMatchObject({ os: 'iOS', device: 'mobile' });
  });
});
