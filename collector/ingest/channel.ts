/**
 * Channel grouping: GA4's default channel group rules, so marketers see the same buckets they
 * know from Google Analytics, plus "AI Assistants" (chatgpt.com, perplexity.ai, …), which GA4
 * lumps into Referral although it is a fast-growing source of its own.
 *
 * GA4 decides from (source, medium, campaign) with an ordered list of rules; the first that
 * holds wins. We derive source and medium the way GA4 would see them (see `trafficSource`) and
 * run the same rules, in the documented order, from the RULES table below.
 *
 * Differences from GA4, on purpose:
 *  - GA4's "Audio" and "Mobile Push Notifications" groups are not in our channel list (they
 *    hardly exist for websites); such traffic falls through to Unassigned.
 *  - YouTube counts as video only (GA4 lists it as social too, where it wins by rule order).
 *  - A referrer from a webmail site (mail.google.com, outlook.live.com, …) is Email, not Referral.
 *  - AI Assistants is checked right after the paid rules: a paid ad on an AI site is still paid.
 */
import { CLICK_IDS, SOURCE_CATEGORIES, SOURCE_LISTS, type SourceCategory } from './channel-table.js';

export const CHANNELS = [
  'Direct',
  'Organic Search',
  'Paid Search',
  'Organic Social',
  'Paid Social',
  'Email',
  'Affiliates',
  'Referral',
  'Display',
  'Organic Video',
  'Paid Video',
  'Organic Shopping',
  'Paid Shopping',
  'SMS',
  'Cross-network',
  'Paid Other',
  'Unassigned',
  'AI Assistants',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelSignals {
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  click_id_type: string;
  referrer_domain: string;
}

/** The entry → category index of SOURCE_LISTS, built once. */
const CATEGORY_OF = new Map<string, SourceCategory>(
  SOURCE_CATEGORIES.flatMap((category) => SOURCE_LISTS[category].map((entry) => [entry, category] as const)),
);

/** What may follow a brand: a TLD ("com", "de") or a country second level ("co.uk", "com.au"). */
const PUBLIC_SUFFIX = /^(?:[a-z]{2,3}\.)?[a-z]{2,}$/;

/**
 * The category of a source ("google", "www.google.co.uk", "mail.google.com"), or undefined.
 * Walks from the full host towards its parent domains, so the most specific entry wins.
 */
export function sourceCategory(source: string): SourceCategory | undefined {
  const labels = source.toLowerCase().split('.');
  for (const [i, label] of labels.entries()) {
    const rest = labels.slice(i + 1).join('.');
    // Domain entries contain a dot, so only a suffix with a parent can be one.
    const domain = rest ? CATEGORY_OF.get(`${label}.${rest}`) : undefined;
    if (domain) return domain;
    // A brand followed by a public suffix, or the whole source being the brand ("google");
    // a brand never matches as a TLD ("shop.google").
    const brand = (rest ? PUBLIC_SUFFIX.test(rest) : i === 0) ? CATEGORY_OF.get(label) : undefined;
    if (brand) return brand;
  }
  return undefined;
}

/**
 * Source and medium after filling the gaps that ad click ids explain: with auto-tagging,
 * a gclid means google / cpc although the URL carries no utm_ tags. Explicit tags always win;
 * each field is filled independently. fbclid names the source only (it is not an ad marker).
 */
export function withClickId(
  utmSource: string,
  utmMedium: string,
  clickIdType: string,
): { source: string; medium: string } {
  const click = CLICK_IDS.get(clickIdType);
  return {
    source: utmSource || (click?.source ?? ''),
    medium: utmMedium || (click?.paid ? 'cpc' : ''),
  };
}

interface Traffic {
  source: string;
  medium: string;
  campaign: string;
  category: SourceCategory | undefined;
}

/**
 * GA4's view of a visit: tags and click ids first; an untagged visit with a referrer has the
 * referrer as source and medium "referral" ("email" for webmail, so it is not filed as Referral).
 */
function trafficSource(s: ChannelSignals): Traffic {
  const tagged = withClickId(s.utm_source.toLowerCase(), s.utm_medium.toLowerCase(), s.click_id_type);
  const campaign = s.utm_campaign.toLowerCase();
  if (tagged.source || tagged.medium || !s.referrer_domain) {
    return { source: tagged.source, medium: tagged.medium, campaign, category: sourceCategory(tagged.source) };
  }
  const source = s.referrer_domain.toLowerCase();
  const category = sourceCategory(source);
  return { source, medium: category === 'email' ? 'email' : 'referral', campaign, category };
}

const PAID = /^(.*cp.*|ppc|retargeting|paid.*)$/;
const DISPLAY = /^(display|banner|expandable|interstitial|cpm)$/;
const SHOP_CAMPAIGN = /^(.*(([^a-df-z]|^)shop|shopping).*)$/;
const SOCIAL_MEDIUM = /^(social|social-network|social-media|sm|social network|social media)$/;
const VIDEO_MEDIUM = /^(.*video.*)$/;
const REFERRAL_MEDIUM = /^(referral|app|link)$/;
const EMAIL = /email|e-mail|e_mail|e mail/;

const shopping = (t: Traffic) => t.category === 'shopping' || SHOP_CAMPAIGN.test(t.campaign);

/** GA4's rules in GA4's order; the first that holds names the channel. */
const RULES: ReadonlyArray<readonly [Channel, (t: Traffic) => boolean]> = [
  ['Direct', (t) => !t.source && !t.medium && !t.campaign],
  ['Cross-network', (t) => t.campaign.includes('cross-network')],
  ['Paid Shopping', (t) => shopping(t) && PAID.test(t.medium)],
  ['Paid Search', (t) => t.category === 'search' && PAID.test(t.medium)],
  ['Paid Social', (t) => t.category === 'social' && PAID.test(t.medium)],
  ['Paid Video', (t) => t.category === 'video' && PAID.test(t.medium)],
  ['Display', (t) => DISPLAY.test(t.medium)],
  ['Paid Other', (t) => PAID.test(t.medium)],
  ['AI Assistants', (t) => t.category === 'ai'],
  ['Organic Shopping', shopping],
  ['Organic Social', (t) => t.category === 'social' || SOCIAL_MEDIUM.test(t.medium)],
  ['Organic Video', (t) => t.category === 'video' || VIDEO_MEDIUM.test(t.medium)],
  ['Organic Search', (t) => t.category === 'search' || t.medium === 'organic'],
  ['Referral', (t) => REFERRAL_MEDIUM.test(t.medium)],
  ['Email', (t) => EMAIL.test(t.source) || EMAIL.test(t.medium)],
  ['Affiliates', (t) => t.medium === 'affiliate'],
  ['SMS', (t) => t.source === 'sms' || t.medium === 'sms'],
];

/** The channel of a visit; case-insensitive in every field. */
export function channelFor(s: ChannelSignals): Channel {
  const traffic = trafficSource(s);
  return RULES.find(([, holds]) => holds(traffic))?.[0] ?? 'Unassigned';
}
