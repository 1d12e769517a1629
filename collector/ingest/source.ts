/**
 * Where a visit came from: UTM tags and ad click ids from the landing URL, the referrer, and
 * the channel they add up to (channel.ts).
 */
import { hostAllowed } from '../schema/site.js';
import { CLICK_IDS } from './channel-table.js';
import { channelFor, withClickId, type Channel, type ChannelSignals } from './channel.js';
import { memoByString } from './memo.js';

export interface Source {
  referrer: string;
  referrer_domain: string;
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
  click_id_type: string;
  channel: Channel;
}

/** UTM values are free text from the URL; bounded so one crafted link cannot bloat the table. */
const MAX_TAG = 256;

/**
 * Source and medium are lower-cased because they are grouped on ("Google" and "google" are one
 * source); campaign, term and content keep their case, people read them as written.
 */
function tag(params: URLSearchParams | null, name: string, lower: boolean): string {
  if (!params) return '';
  const value = (params.get(name) ?? '').trim().slice(0, MAX_TAG);
  return lower ? value.toLowerCase() : value;
}

const CLICK_ID_PARAMS = [...CLICK_IDS.keys()];

const stripWww = (host: string) => host.replace(/^www\./, '');

/**
 * The external referrer, or '' for none. Only http(s) counts: "android-app://…" and the like
 * carry no domain our lists know. An internal navigation (the page's own host or one of the
 * site's domains) is not a source, so it is dropped. Query and fragment are dropped too: they
 * carry search terms, e-mail addresses and tokens, which a privacy-respecting tracker must not
 * store; origin + path is enough to see which page linked here.
 */
function externalReferrer(
  referrer: string | undefined,
  pageHost: string,
  siteDomains: readonly string[],
): { referrer: string; referrer_domain: string } {
  const none = { referrer: '', referrer_domain: '' };
  if (!referrer) return none;
  const parsed = cachedReferrer(referrer);
  if (!parsed) return none;
  const { host } = parsed;
  const internal = host === stripWww(pageHost) || hostAllowed(siteDomains.map(stripWww), host);
  return internal || !host ? none : { referrer: parsed.referrer, referrer_domain: host };
}

/** What a referrer says on its own, before the page and site are known; null if it is not http(s). */
export interface ReferrerParts {
  /** Hostname without "www." (WHATWG URLs lower-case http(s) hostnames already). */
  readonly host: string;
  /** Origin + path: query and fragment dropped. */
  readonly referrer: string;
}

export function referrerParts(referrer: string): ReferrerParts | null {
  let url: URL;
  try {
    url = new URL(referrer);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return { host: stripWww(url.hostname), referrer: url.origin + url.pathname };
}

/**
 * Parsing a URL is most of the referrer's cost, and referrers repeat (the search engine, the
 * site's own pages); cached per referrer text, bounded (memo.ts; null is a cached answer too).
 */
export const cachedReferrer = memoByString(referrerParts);

/**
 * channelFor() is a pure function of five short strings with few distinct combinations in real
 * traffic, and costs a few µs (domain walk, rule regexes): cached on the five values joined by
 * NUL. A value that itself contains NUL (possible: %00 in a tag) would make keys ambiguous, so
 * those are computed directly.
 */
const NUL = '\u0000';
const channelMemo = memoByString((key: string) => {
  const [utm_source, utm_medium, utm_campaign, click_id_type, referrer_domain] = key.split(NUL) as [string, string, string, string, string];
  return channelFor({ utm_source, utm_medium, utm_campaign, click_id_type, referrer_domain });
});

export function cachedChannel(s: ChannelSignals): Channel {
  const values = [s.utm_source, s.utm_medium, s.utm_campaign, s.click_id_type, s.referrer_domain];
  return values.some((v) => v.includes(NUL)) ? channelFor(s) : channelMemo(values.join(NUL));
}

/**
 * The source of one page view. When the URL has an ad click id but no utm_source / utm_medium,
 * those are filled from the click id (gclid → google / cpc, fbclid → facebook, …; see
 * channel-table.ts), as GA4's auto-tagging would: reports by source then group the same
 * traffic together whether or not the advertiser also tagged it.
 */
export function parseSource(pageUrl: URL, referrer: string | undefined, siteDomains: readonly string[]): Source {
  const tags = cachedQueryTags(pageUrl.search);
  const { click_id_type, utm_campaign } = tags;
  const { source, medium } = withClickId(tags.utm_source, tags.utm_medium, click_id_type);
  const { referrer: ref, referrer_domain } = externalReferrer(referrer, pageUrl.hostname, siteDomains);
  // Plain literals, no object spread: spread costs microseconds here, and this runs per event.
  return {
    referrer: ref,
    referrer_domain,
    utm_source: source,
    utm_medium: medium,
    utm_campaign,
    utm_term: tags.utm_term,
    utm_content: tags.utm_content,
    click_id_type,
    channel: cachedChannel({ utm_source: source, utm_medium: medium, utm_campaign, click_id_type, referrer_domain }),
  };
}

/** What a page URL's query says about the visit's source (before click ids fill gaps). */
export interface QueryTags {
  readonly click_id_type: string;
  readonly utm_source: string;
  readonly utm_medium: string;
  readonly utm_campaign: string;
  readonly utm_term: string;
  readonly utm_content: string;
}

/** Query parameters that describe the visit's source (or a tracker's), not the page: kept out of `query`. */
const isTrackingParam = (key: string) => /^(utm_[a-z]+|_ga|_gl|mc_eid|mc_cid)$/i.test(key) || CLICK_IDS.has(key.toLowerCase());

/**
 * A page URL's `search` ("?a=b…", or '' for none) parsed once: the source tags it carries and
 * the page's own parameters (tracking ones dropped), which the row stores as `query`.
 */
function searchParts(search: string): { tags: QueryTags; query: string } {
  // Most page URLs have no query: then no tag, click id or parameter can be there.
  const q = search ? new URLSearchParams(search) : null;
  const kept = q ? [...q].filter(([k]) => !isTrackingParam(k)) : [];
  return {
    tags: {
      click_id_type: (q && CLICK_ID_PARAMS.find((id) => q.get(id))) || '',
      utm_source: tag(q, 'utm_source', true),
      utm_medium: tag(q, 'utm_medium', true),
      utm_campaign: tag(q, 'utm_campaign', false),
      utm_term: tag(q, 'utm_term', false),
      utm_content: tag(q, 'utm_content', false),
    },
    query: kept.length ? new URLSearchParams(kept).toString() : '',
  };
}

/** The source tags of a URL's `search`. */
export const queryTags = (search: string): QueryTags => searchParts(search).tags;
/** The page's own query parameters (tracking ones dropped), from the URL's `search`. */
export const pageQuery = (search: string): string => searchParts(search).query;

/**
 * Cached per query text (bounded, memo.ts): a campaign link is followed by many visitors, and
 * parsing the query plus a dozen lookups costs a few µs per event. One entry serves both.
 */
const cachedSearch = memoByString(searchParts);
export const cachedQueryTags = (search: string): QueryTags => cachedSearch(search).tags;
export const cachedPageQuery = (search: string): string => cachedSearch(search).query;
