/** The analysis benchmark's synthetic shop: data generated inside ClickHouse and the journey over it. */
/**
 * Synthetic shop traffic generated inside ClickHouse (fast, no JSON on our side): each visitor's
 * events k = 0, 1, … come in sessions of 8 events, 40 s apart, sessions half a day to 1.5 days apart;
 * the first event carries the visitor's channel. Paths and event names are drawn so that some
 * visitors pass every stage of the journey below, in order, and many drop off.
 */
export const GENERATE = `
INSERT INTO events (site_id, ts, event_id, visitor_id, user_id, type, name, path, hostname, title,
  referrer_domain, channel, utm_source, utm_medium, utm_campaign, device, browser, os, country,
  language, screen_class, engaged_ms, load_ms, revenue, props)
SELECT 'bench', fromUnixTimestamp64Milli(toInt64(ts_ms), 'UTC'), generateUUIDv4(n), concat('v', toString(v)),
  if(kind = 'identify', concat('u', toString(hv % 50000)), ''), kind, ev, path, 'shop.example', path,
  if(k = 0, arrayElement(['google.com', '', 'facebook.com', '', 'news.example', 'chatgpt.com', '', 'bing.com'], ch), ''),
  if(k = 0, arrayElement(['Organic Search', 'Direct', 'Organic Social', 'Email', 'Referral', 'AI Assistants', 'Paid Search', 'Paid Social'], ch), 'Direct'),
  if(k = 0, arrayElement(['', '', '', 'newsletter', '', 'chatgpt.com', 'google', 'facebook'], ch), ''),
  if(k = 0, arrayElement(['', '', '', 'email', '', '', 'cpc', 'paid_social'], ch), ''),
  if(k = 0, arrayElement(['', '', '', 'weekly', '', '', 'brand', 'retarget'], ch), ''),
  arrayElement(['mobile', 'desktop', 'tablet'], hv % 3 + 1), arrayElement(['Chrome', 'Safari', 'Firefox', 'Edge'], hv % 4 + 1),
  arrayElement(['Android', 'iOS', 'Windows', 'macOS'], hv % 4 + 1), arrayElement(['DE', 'US', 'GB', 'FR', 'NL'], hv % 5 + 1),
  'en-US', arrayElement(['mobile', 'laptop', 'desktop'], hv % 3 + 1),
  if(kind = 'engagement', toUInt32(h % 60000), 0), if(kind = 'pageview', toUInt32(200 + h % 4000), 0),
  if(ev = 'purchase', (h % 20000) / 100, NULL),
  multiIf(ev = 'feedback', map('score', toString(h % 5 + 1)), ev = 'add_to_cart', map('sku', toString(h % 6)), map())
FROM (
  SELECT number AS n, n % {visitors:UInt64} AS v, intDiv(n, {visitors:UInt64}) AS k,
    cityHash64(n) AS h, cityHash64(v) AS hv, hv % 8 + 1 AS ch,
    {start:Int64} + hv % ({days:Int64} * 86400000 - 5 * 86400000) + intDiv(k, 8) * (43200000 + hv % 86400000) + (k % 8) * 40000 + h % 20000 AS ts_ms,
    multiIf(h % 1000 = 0, 'identify', h % 100 < 62, 'pageview', h % 100 < 80, 'engagement', 'event') AS kind,
    if(kind = 'event', arrayElement(['add_to_cart', 'add_to_cart', 'purchase', 'search', 'feedback'], bitShiftRight(h, 8) % 5 + 1), '') AS ev,
    arrayElement(['/', '/products/a', '/products/b', '/products/c', '/products/d', '/cart', '/checkout', '/checkout/payment',
      '/thank-you', '/blog/post-1', '/blog/post-2', '/about', '/search', '/sale'], bitShiftRight(h, 16) % 14 + 1) AS path
  FROM numbers({events:UInt64})
)`;

export const JOURNEY = {
  name: 'Checkout',
  stages: [
    { name: 'Browse', matchers: [{ path: '/products/*' }] },
    { name: 'Cart', matchers: [{ event: 'add_to_cart' }] },
    { name: 'Checkout', matchers: [{ path: '/checkout' }] },
    { name: 'Payment', matchers: [{ path: '/checkout/payment' }] },
    { name: 'Purchase', matchers: [{ event: 'purchase' }] },
  ],
};
