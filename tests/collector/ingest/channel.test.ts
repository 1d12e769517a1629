import { describe, expect, it } from 'vitest';
import { CHANNELS, channelFor, sourceCategory, type Channel, type ChannelSignals } from '../../../collector/ingest/channel.js';
import { SOURCE_CATEGORIES, SOURCE_LISTS } from '../../../collector/ingest/channel-table.js';

/** A visit with only the given signals set. */
const visit = (s: Partial<ChannelSignals>): ChannelSignals => ({
  utm_source: '',
  utm_medium: '',
  utm_campaign: '',
  click_id_type: '',
  referrer_domain: '',
  ...s,
});

const cases: Array<[string, Partial<ChannelSignals>, Channel]> = [
  // Direct: nothing at all is known about the visit.
  ['no tags, no click id, no referrer', {}, 'Direct'],

  // Cross-network: Performance Max and similar campaigns, whatever the source.
  ['campaign containing "cross-network"', { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'pmax_cross-network_q3' }, 'Cross-network'],
  ['cross-network campaign in upper case', { utm_campaign: 'Spring CROSS-NETWORK' }, 'Cross-network'],

  // Paid Shopping: a shop source or a shopping campaign, with a paid medium.
  ['amazon / cpc', { utm_source: 'amazon', utm_medium: 'cpc' }, 'Paid Shopping'],
  ['shopping campaign on google / cpc', { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'summer_shopping' }, 'Paid Shopping'],
  ['campaign starting with "shop" on ppc', { utm_source: 'newsletter-partner', utm_medium: 'ppc', utm_campaign: 'shop-the-look' }, 'Paid Shopping'],

  // Paid Search.
  ['google / cpc', { utm_source: 'google', utm_medium: 'cpc' }, 'Paid Search'],
  ['bing / paidsearch', { utm_source: 'bing', utm_medium: 'paidsearch' }, 'Paid Search'],
  ['gclid alone implies google / cpc', { click_id_type: 'gclid' }, 'Paid Search'],
  ['gbraid alone (iOS app campaigns)', { click_id_type: 'gbraid' }, 'Paid Search'],
  ['wbraid alone (web-to-app campaigns)', { click_id_type: 'wbraid' }, 'Paid Search'],
  ['msclkid alone implies bing / cpc', { click_id_type: 'msclkid' }, 'Paid Search'],
  ['gclid with a google.com referrer is still paid', { click_id_type: 'gclid', referrer_domain: 'google.com' }, 'Paid Search'],
  ['mixed case Google / CPC', { utm_source: 'Google', utm_medium: 'CPC' }, 'Paid Search'],
  ['retargeting on a search engine domain', { utm_source: 'duckduckgo.com', utm_medium: 'retargeting' }, 'Paid Search'],

  // Paid Social.
  ['facebook / paid_social', { utm_source: 'facebook', utm_medium: 'paid_social' }, 'Paid Social'],
  ['fbclid with a paid medium', { click_id_type: 'fbclid', utm_medium: 'cpc' }, 'Paid Social'],
  ['ttclid alone implies tiktok / cpc', { click_id_type: 'ttclid' }, 'Paid Social'],
  ['twclid alone implies twitter / cpc', { click_id_type: 'twclid' }, 'Paid Social'],
  ['li_fat_id alone implies linkedin / cpc', { click_id_type: 'li_fat_id' }, 'Paid Social'],
  ['IG / Paid (GA4 short source names, mixed case)', { utm_source: 'IG', utm_medium: 'Paid' }, 'Paid Social'],

  // Paid Video.
  ['youtube / cpv', { utm_source: 'youtube', utm_medium: 'cpv' }, 'Paid Video'],
  ['vimeo.com / paid-video', { utm_source: 'vimeo.com', utm_medium: 'paid-video' }, 'Paid Video'],

  // Display.
  ['banner medium from an ad network', { utm_source: 'adroll', utm_medium: 'banner' }, 'Display'],
  ['display medium', { utm_source: 'criteo', utm_medium: 'Display' }, 'Display'],
  ['cpm on an unknown network', { utm_source: 'taboola', utm_medium: 'cpm' }, 'Display'],

  // Paid Other: paid medium, source in no list.
  ['unknown source / cpc', { utm_source: 'partner-site', utm_medium: 'cpc' }, 'Paid Other'],
  ['paid medium without a source', { utm_medium: 'paid' }, 'Paid Other'],
  ['AI source with a paid medium is paid, not AI', { utm_source: 'chatgpt.com', utm_medium: 'cpc' }, 'Paid Other'],

  // AI Assistants: before the organic groups, so gemini.google.com is not google search.
  ['utm_source=chatgpt.com (added by ChatGPT)', { utm_source: 'chatgpt.com' }, 'AI Assistants'],
  ['chatgpt.com referrer', { referrer_domain: 'chatgpt.com' }, 'AI Assistants'],
  ['chat.openai.com referrer', { referrer_domain: 'chat.openai.com' }, 'AI Assistants'],
  ['perplexity.ai referrer', { referrer_domain: 'perplexity.ai' }, 'AI Assistants'],
  ['claude.ai referrer', { referrer_domain: 'claude.ai' }, 'AI Assistants'],
  ['gemini.google.com referrer', { referrer_domain: 'gemini.google.com' }, 'AI Assistants'],
  ['copilot.microsoft.com referrer', { referrer_domain: 'copilot.microsoft.com' }, 'AI Assistants'],
  ['chat.deepseek.com referrer', { referrer_domain: 'chat.deepseek.com' }, 'AI Assistants'],
  ['utm_source=Perplexity, mixed case', { utm_source: 'Perplexity' }, 'AI Assistants'],

  // Organic Shopping.
  ['amazon.co.uk referrer', { referrer_domain: 'amazon.co.uk' }, 'Organic Shopping'],
  ['shopping.google.com referrer (not search)', { referrer_domain: 'shopping.google.com' }, 'Organic Shopping'],
  ['igshopping source', { utm_source: 'IGShopping', utm_medium: 'social' }, 'Organic Shopping'],
  ['eshop campaign without source', { utm_campaign: 'eshop-launch' }, 'Organic Shopping'],

  // Organic Social.
  ['m.facebook.com referrer', { referrer_domain: 'm.facebook.com' }, 'Organic Social'],
  ['l.instagram.com referrer', { referrer_domain: 'l.instagram.com' }, 'Organic Social'],
  ['t.co referrer', { referrer_domain: 't.co' }, 'Organic Social'],
  ['lnkd.in referrer', { referrer_domain: 'lnkd.in' }, 'Organic Social'],
  ['old.reddit.com referrer', { referrer_domain: 'old.reddit.com' }, 'Organic Social'],
  ['mastodon.social referrer', { referrer_domain: 'mastodon.social' }, 'Organic Social'],
  ['fbclid alone: shared link, not an ad', { click_id_type: 'fbclid' }, 'Organic Social'],
  ['social-media medium from any source', { utm_source: 'buffer', utm_medium: 'social-media' }, 'Organic Social'],

  // Organic Video: YouTube is video, not social.
  ['www.youtube.com referrer', { referrer_domain: 'www.youtube.com' }, 'Organic Video'],
  ['youtu.be referrer', { referrer_domain: 'youtu.be' }, 'Organic Video'],
  ['medium containing "video"', { utm_source: 'partner', utm_medium: 'video-embed' }, 'Organic Video'],

  // Organic Search.
  ['google.com referrer', { referrer_domain: 'google.com' }, 'Organic Search'],
  ['google.co.uk referrer', { referrer_domain: 'google.co.uk' }, 'Organic Search'],
  ['search.brave.com referrer', { referrer_domain: 'search.brave.com' }, 'Organic Search'],
  ['duckduckgo.com referrer', { referrer_domain: 'duckduckgo.com' }, 'Organic Search'],
  ['yandex.ru referrer', { referrer_domain: 'yandex.ru' }, 'Organic Search'],
  ['search.yahoo.co.jp referrer', { referrer_domain: 'search.yahoo.co.jp' }, 'Organic Search'],
  ['organic medium from any source', { utm_source: 'newsletter-partner', utm_medium: 'organic' }, 'Organic Search'],

  // Referral.
  ['unknown site referrer', { referrer_domain: 'blog.example.org' }, 'Referral'],
  ['tagged referral', { utm_source: 'partner.example', utm_medium: 'referral' }, 'Referral'],
  ['app medium', { utm_source: 'partner-app', utm_medium: 'app' }, 'Referral'],

  // Email: tagged, or opened in a webmail site.
  ['newsletter / email', { utm_source: 'newsletter', utm_medium: 'email' }, 'Email'],
  ['E-Mail medium, mixed case', { utm_source: 'crm', utm_medium: 'E-Mail' }, 'Email'],
  ['email in the source only', { utm_source: 'weekly_email' }, 'Email'],
  ['mail.google.com referrer (not google search)', { referrer_domain: 'mail.google.com' }, 'Email'],
  ['outlook.live.com referrer', { referrer_domain: 'outlook.live.com' }, 'Email'],

  // Affiliates.
  ['affiliate medium', { utm_source: 'awin', utm_medium: 'affiliate' }, 'Affiliates'],

  // SMS.
  ['sms source', { utm_source: 'SMS', utm_medium: 'text' }, 'SMS'],
  ['sms medium', { utm_source: 'twilio', utm_medium: 'sms' }, 'SMS'],

  // Unassigned: tagged, but no rule applies (GA4's Audio and Push groups are not ours).
  ['unknown source and medium', { utm_source: 'foo', utm_medium: 'bar' }, 'Unassigned'],
  ['campaign only', { utm_campaign: 'spring' }, 'Unassigned'],
  ['audio medium', { utm_source: 'spotify', utm_medium: 'audio' }, 'Unassigned'],
  ['push medium', { utm_source: 'firebase', utm_medium: 'push' }, 'Unassigned'],
];

describe('channelFor (GA4 default channel groups + AI Assistants)', () => {
  it.each(cases)('%s → %s', (_name, signals, expected) => {
    expect(channelFor(visit(signals))).toBe(expected);
  });

  it('covers every channel in the table above', () => {
    const covered = new Set(cases.map(([, , channel]) => channel));
    expect(CHANNELS.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('lets explicit tags win over a click id', () => {
    expect(channelFor(visit({ click_id_type: 'gclid', utm_source: 'newsletter', utm_medium: 'email' }))).toBe('Email');
  });

  it('treats an unknown click id type as no click id, even one named like an object property', () => {
    expect(channelFor(visit({ click_id_type: 'constructor' }))).toBe('Direct');
  });
});

describe('sourceCategory', () => {
  it.each([
    ['google', 'search'],
    ['www.google.de', 'search'],
    ['google.com.au', 'search'],
    ['mail.google.com', 'email'],
    ['facebook.github.io', undefined], // a brand is only a brand before a public suffix
    ['shop.google', undefined], // …and never as a TLD
    ['', undefined],
  ])('%s → %s', (source, category) => {
    expect(sourceCategory(source)).toBe(category);
  });

  it('files every table entry under exactly one category', () => {
    const entries = SOURCE_CATEGORIES.flatMap((c) => SOURCE_LISTS[c]);
    expect(entries.filter((e, i) => entries.indexOf(e) !== i)).toEqual([]);
    for (const c of SOURCE_CATEGORIES) for (const e of SOURCE_LISTS[c]) expect(sourceCategory(e)).toBe(c);
  });
});
