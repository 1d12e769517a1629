/**
 * Data behind the channel rules (channel.ts): which traffic sources are search engines, social
 * networks, video sites, shops, webmail or AI assistants, and what each ad click id implies.
 * Kept as plain data so adding a site is a one-line change with no logic to read.
 *
 * Two kinds of entry, told apart by the dot:
 *  - a domain ("t.co", "mail.google.com") matches itself and its subdomains (l.t.co, www.x.com);
 *  - a brand ("google", "facebook") matches the bare word, as people write it in utm_source
 *    ("utm_source=google"), and the brand under any country TLD with any subdomain
 *    (google.co.uk, www.google.de, m.facebook.com, l.instagram.com).
 * When several entries match, the most specific (longest) wins: mail.google.com is webmail,
 * gemini.google.com an AI assistant, shopping.google.com a shop, everything else google.* search.
 */

export const SOURCE_CATEGORIES = ['search', 'social', 'video', 'shopping', 'email', 'ai'] as const;
export type SourceCategory = (typeof SOURCE_CATEGORIES)[number];

export const SOURCE_LISTS: Record<SourceCategory, readonly string[]> = {
  search: [
    'google', 'bing', 'duckduckgo', 'yahoo', 'yandex', 'ya.ru', 'baidu', 'ecosia', 'search.brave.com',
    'startpage', 'naver', 'seznam', 'qwant', 'search.aol.com', 'sogou', 'so.com', 'daum', 'kagi.com',
    'mojeek', 'yep.com', 'metager', 'search.lilo.org', 'coccoc',
  ],
  social: [
    'facebook', 'fb', 'instagram', 'ig', 't.co', 'twitter', 'x.com', 'linkedin', 'lnkd.in', 'reddit',
    'pinterest', 'tiktok', 'threads.net', 'threads.com', 'mastodon', 'bsky.app', 'vk.com', 'weibo',
    'snapchat', 'quora', 'tumblr', 'discord', 'whatsapp', 't.me', 'telegram', 'messenger.com', 'line.me',
    'news.ycombinator.com', 'medium.com', 'xing', 'ok.ru', 'nextdoor',
  ],
  // YouTube is video only (GA4 also lists it as social, where it would win by rule order).
  video: ['youtube', 'youtu.be', 'vimeo', 'twitch', 'dailymotion', 'wistia', 'rumble.com', 'bilibili', 'nicovideo'],
  shopping: [
    'shopping.google.com', 'igshopping', 'amazon', 'ebay', 'etsy', 'walmart', 'aliexpress', 'temu.com',
    'shop.app', 'idealo', 'rakuten', 'mercadolibre', 'zalando', 'target.com', 'bestbuy.com', 'allegro',
  ],
  // Webmail sites: a click from an email opened in the browser arrives with these referrers.
  email: [
    'mail.google.com', 'outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'mail.yahoo.com',
    'mail.aol.com', 'mail.proton.me', 'mail.zoho.com', 'app.fastmail.com', 'icloud.com', 'mail.yandex.ru',
    'e.mail.ru', 'email.seznam.cz', 'gmx', 'web.de', 'mail.com',
  ],
  ai: [
    'chatgpt.com', 'chatgpt', 'chat.openai.com', 'perplexity', 'claude.ai', 'gemini.google.com',
    'bard.google.com', 'copilot.microsoft.com', 'copilot.cloud.microsoft', 'you.com', 'phind.com',
    'deepseek', 'meta.ai', 'grok.com', 'poe.com', 'chat.mistral.ai',
  ],
};

/**
 * Ad click ids a landing URL may carry, and the source they imply (Google Ads, Microsoft Ads,
 * TikTok, X and LinkedIn add them to ad clicks only, hence `paid`). Facebook adds fbclid to
 * ordinary shared links as well, so it names the source but says nothing about paid.
 * A Map, not an object: the key comes from the request, and a plain object would answer
 * "constructor" or "toString". Order matters when a URL carries several: the first listed wins.
 */
export const CLICK_IDS: ReadonlyMap<string, { source: string; paid: boolean }> = new Map([
  ['gclid', { source: 'google', paid: true }],
  ['gbraid', { source: 'google', paid: true }],
  ['wbraid', { source: 'google', paid: true }],
  ['msclkid', { source: 'bing', paid: true }],
  ['fbclid', { source: 'facebook', paid: false }],
  ['ttclid', { source: 'tiktok', paid: true }],
  ['twclid', { source: 'twitter', paid: true }],
  ['li_fat_id', { source: 'linkedin', paid: true }],
]);
