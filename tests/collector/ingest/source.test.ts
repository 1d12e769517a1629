import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { channelFor } from '../../../collector/ingest/channel.js';
import { cachedPageUrl } from '../../../collector/ingest/row.js';
import { cachedChannel, cachedPageQuery, cachedQueryTags, cachedReferrer, pageQuery, parseSource, queryTags, referrerParts } from '../../../collector/ingest/source.js';

/** A cache answers as the function it wraps: on generated inputs, each seen twice (miss, then hit). */
function agreesOnRepeats<T>(input: fc.Arbitrary<T>, maxLength: number, check: (value: T) => void): void {
  fc.assert(
    fc.property(fc.array(input, { maxLength }), (list) => {
      for (const value of [...list, ...list]) check(value);
    }),
  );
}

const SITE_DOMAINS = ['shop.example', '*.shop.example', 'www.checkout-partner.example'];
/** The source of a page view on shop.example. */
const sourceOf = (pathAndQuery: string, referrer?: string) =>
  parseSource(new URL(`https://shop.example${pathAndQuery}`), referrer, SITE_DOMAINS);

describe('parseSource: UTM tags', () => {
  it('reads all five tags, lower-casing source and medium only', () => {
    const s = sourceOf('/?utm_source=Google&utm_medium=CPC&utm_campaign=Spring_Sale&utm_term=Red+Shoes&utm_content=Banner_A');
    expect(s).toMatchObject({
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'Spring_Sale',
      utm_term: 'Red Shoes',
      utm_content: 'Banner_A',
      channel: 'Paid Search',
    });
  });

  it('trims whitespace and bounds each tag to 256 characters', () => {
    const s = sourceOf(`/?utm_source=%20newsletter%20&utm_campaign=${'x'.repeat(1000)}`);
    expect(s.utm_source).toBe('newsletter');
    expect(s.utm_campaign).toHaveLength(256);
  });

  it('gives empty strings for absent tags', () => {
    expect(sourceOf('/cart')).toEqual({
      referrer: '',
      referrer_domain: '',
      utm_source: '',
      utm_medium: '',
      utm_campaign: '',
      utm_term: '',
      utm_content: '',
      click_id_type: '',
      channel: 'Direct',
    });
  });
});

describe('parseSource: click ids', () => {
  it.each([
    ['gclid', 'google', 'cpc', 'Paid Search'],
    ['gbraid', 'google', 'cpc', 'Paid Search'],
    ['wbraid', 'google', 'cpc', 'Paid Search'],
    ['msclkid', 'bing', 'cpc', 'Paid Search'],
    ['fbclid', 'facebook', '', 'Organic Social'],
    ['ttclid', 'tiktok', 'cpc', 'Paid Social'],
    ['twclid', 'twitter', 'cpc', 'Paid Social'],
    ['li_fat_id', 'linkedin', 'cpc', 'Paid Social'],
  ])('%s fills source %s, medium "%s" → %s', (param, source, medium, channel) => {
    expect(sourceOf(`/?${param}=abc123`)).toMatchObject({
      click_id_type: param,
      utm_source: source,
      utm_medium: medium,
      channel,
    });
  });

  it('keeps explicit tags and fills only the missing ones', () => {
    expect(sourceOf('/?gclid=x&utm_source=google&utm_campaign=brand')).toMatchObject({
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'brand',
    });
    expect(sourceOf('/?fbclid=x&utm_source=fb&utm_medium=paid_social')).toMatchObject({
      utm_source: 'fb',
      utm_medium: 'paid_social',
      channel: 'Paid Social',
    });
  });

  it('ignores an empty click id parameter', () => {
    expect(sourceOf('/?gclid=').click_id_type).toBe('');
  });
});

describe('parseSource: referrer', () => {
  it('keeps origin and path, drops query and fragment, and strips "www." from the domain', () => {
    expect(sourceOf('/', 'https://WWW.Google.co.uk/search?q=red+shoes#top')).toMatchObject({
      referrer: 'https://www.google.co.uk/search',
      referrer_domain: 'google.co.uk',
      channel: 'Organic Search',
    });
  });

  it('drops credentials in the referrer', () => {
    expect(sourceOf('/', 'https://user:secret@blog.example.org/post').referrer).toBe('https://blog.example.org/post');
  });

  it.each([
    ['not a URL', 'not a url'],
    ['empty', ''],
    ['an app referrer', 'android-app://com.google.android.gm/'],
    ['a file URL', 'file:///home/me/page.html'],
  ])('is empty when the referrer is %s', (_what, referrer) => {
    expect(sourceOf('/', referrer)).toMatchObject({ referrer: '', referrer_domain: '', channel: 'Direct' });
  });

  it.each([
    ['the page host itself', 'https://shop.example/products'],
    ['the page host with www.', 'https://www.shop.example/'],
    ['a wildcard subdomain of the site', 'https://blog.shop.example/post'],
    ['a site domain listed with www.', 'https://checkout-partner.example/pay'],
  ])('treats %s as internal navigation, not a source', (_what, referrer) => {
    expect(sourceOf('/cart', referrer)).toMatchObject({ referrer: '', referrer_domain: '', channel: 'Direct' });
  });

  it('keeps tags on an internal navigation', () => {
    expect(sourceOf('/?utm_source=newsletter&utm_medium=email', 'https://shop.example/')).toMatchObject({
      referrer_domain: '',
      channel: 'Email',
    });
  });

  it('prefers tags over the referrer for the channel but still records the referrer', () => {
    expect(sourceOf('/?utm_source=newsletter&utm_medium=email', 'https://mail.google.com/')).toMatchObject({
      referrer_domain: 'mail.google.com',
      utm_source: 'newsletter',
      channel: 'Email',
    });
  });

  it('classifies untagged visits by referrer domain', () => {
    expect(sourceOf('/', 'https://l.facebook.com/l.php?u=x').channel).toBe('Organic Social');
    expect(sourceOf('/', 'https://chatgpt.com/').channel).toBe('AI Assistants');
    expect(sourceOf('/', 'https://someblog.example.net/review').channel).toBe('Referral');
  });
});

describe('parseSource caches (referrer parts, channel): same answers as without them', () => {
  const text = fc.oneof(
    fc.constantFrom('', 'google', 'cpc', 'email', 'Newsletter', 'facebook.com', 'gclid', 'fbclid', 'chatgpt.com', 'shopping', 'a\u0000b', '\u0000'),
    fc.string({ maxLength: 10 }),
  );
  it('cachedChannel(s) is channelFor(s), also on repeats and values with NUL', () => {
    const signals = fc.record({ utm_source: text, utm_medium: text, utm_campaign: text, click_id_type: text, referrer_domain: text });
    agreesOnRepeats(signals, 30, (s) => expect(cachedChannel(s)).toBe(channelFor(s)));
  });

  it('cachedReferrer(r) is referrerParts(r), also on repeats', () => {
    const referrer = fc.oneof(
      fc.constantFrom('https://www.google.com/', 'HTTPS://WWW.Example.COM/a?b#c', 'android-app://x', 'ftp://a.b/', 'not a url', '', 'http://[::1]:80/p'),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string({ maxLength: 20 }),
    );
    agreesOnRepeats(referrer, 30, (r) => expect(cachedReferrer(r)).toEqual(referrerParts(r)));
  });
});

describe('page URL caches (query tags, kept query, parsed URL): same answers as without them', () => {
  const search = fc.oneof(
    fc.constantFrom('', '?', '?utm_source=Google&utm_medium=CPC', '?gclid=1&utm_source=x', '?color=blue&utm_campaign=Spring&_ga=1', '?a=%00&b=%zz', '?utm_term=a+b&utm_term=c'),
    fc.string({ maxLength: 30 }).map((s) => '?' + s),
    fc.webQueryParameters().map((s) => '?' + s),
  );
  it('cachedQueryTags / cachedPageQuery answer what queryTags / pageQuery do, also on repeats', () => {
    agreesOnRepeats(search, 20, (s) => {
      expect(cachedQueryTags(s)).toEqual(queryTags(s));
      expect(cachedPageQuery(s)).toBe(pageQuery(s));
    });
  });

  it('cachedPageUrl parses like new URL, also on repeats', () => {
    agreesOnRepeats(fc.webUrl({ withQueryParameters: true, withFragments: true }), 20, (u) => expect(cachedPageUrl(u).href).toBe(new URL(u).href));
  });

  it('queryTags reads the query as URL.searchParams does', () => {
    const url = new URL('https://shop.example/?utm_source=%20Google%20&utm_medium=CPC&fbclid=abc&utm_content=A+B');
    expect(queryTags(url.search)).toEqual({ click_id_type: 'fbclid', utm_source: 'google', utm_medium: 'cpc', utm_campaign: '', utm_term: '', utm_content: 'A B' });
  });
});
