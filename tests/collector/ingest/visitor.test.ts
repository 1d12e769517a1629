import { describe, expect, it } from 'vitest';
import { cookielessVisitorId, newSalt, screenClass } from '../../../collector/ingest/visitor.js';

const SALT = 'a'.repeat(64);
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0';

describe('cookielessVisitorId', () => {
  it('is "c_" plus 32 hex characters', () => {
    expect(cookielessVisitorId(SALT, 'shop', '203.0.113.7', UA)).toMatch(/^c_[0-9a-f]{32}$/);
  });

  it('is stable for the same salt, site, IP and user agent', () => {
    expect(cookielessVisitorId(SALT, 'shop', '203.0.113.7', UA)).toBe(cookielessVisitorId(SALT, 'shop', '203.0.113.7', UA));
  });

  it.each([
    ['salt', ['b'.repeat(64), 'shop', '203.0.113.7', UA]],
    ['site', [SALT, 'blog', '203.0.113.7', UA]],
    ['IP', [SALT, 'shop', '203.0.113.8', UA]],
    ['user agent', [SALT, 'shop', '203.0.113.7', `${UA} Edg/131`]],
  ] as const)('changes when the %s changes', (_field, [salt, site, ip, ua]) => {
    expect(cookielessVisitorId(salt, site, ip, ua)).not.toBe(cookielessVisitorId(SALT, 'shop', '203.0.113.7', UA));
  });

  it('does not confuse fields whose concatenation is the same', () => {
    expect(cookielessVisitorId(SALT, 'shop1', '0.0.0.1', UA)).not.toBe(cookielessVisitorId(SALT, 'shop', '10.0.0.1', UA));
  });

  it('matches sha256 over NUL-separated fields (a fixed vector, so ids survive refactors)', () => {
    // python3 -c "import hashlib; print(hashlib.sha256(b'salt\x00site\x00192.0.2.1\x00UA').hexdigest()[:32])"
    expect(cookielessVisitorId('salt', 'site', '192.0.2.1', 'UA')).toBe('c_c1a97ea3a257c61b3cbfad82e09336c6');
  });
});

describe('newSalt', () => {
  it('is 32 random bytes in hex, different each time', () => {
    const a = newSalt();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(newSalt()).not.toBe(a);
  });
});

describe('screenClass', () => {
  it.each([
    [undefined, ''],
    [0, ''],
    [320, 'mobile'],
    [575, 'mobile'],
    [576, 'tablet'],
    [768, 'tablet'],
    [991, 'tablet'],
    [992, 'laptop'],
    [1366, 'laptop'],
    [1439, 'laptop'],
    [1440, 'desktop'],
    [2560, 'desktop'],
  ])('%s px → "%s"', (width, cls) => {
    expect(screenClass(width)).toBe(cls);
  });
});
