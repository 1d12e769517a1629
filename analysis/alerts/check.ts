/**
 * One alert's check of one day: the journey's "what changed" for that day against the same
 * weekday a week before (change/), the stages that fell significantly by at least the alert's
 * points, and the message a webhook gets about them.
 */
import type { Store } from '../../collector/storage/clickhouse.js';
import { changeSql } from '../change/sql.js';
import { changeParamsSchema, type ChangeDriver, type ChangeResult } from '../change/schema.js';
import type { SiteRef } from '../common/params.js';
import { addDays } from '../common/time.js';
import { definitionOf, type StoredJourney } from '../journeys/schema.js';

/** A stage that fell, with the segments that moved it most. */
export interface Fall {
  stage: number;
  name: string;
  baseline: number;
  current: number;
  change: number;
  p_value: number;
  /** Units fewer than the week before's rate would have brought to the stage (change/result.ts). */
  shortfall: number;
  drivers: ChangeDriver[];
}

/** Drivers named per fallen stage in a message. */
const DRIVERS = 3;
/** Drivers asked of an analysis: enough that DRIVERS remain once the segments that are all of the traffic (one per dimension at most) are left out. */
export const DRIVERS_ASKED = 10;

/** A segment that is all of the traffic in both periods (every visitor on desktop) explains nothing: its effect is the whole change. */
const whole = (d: { current: { share: number }; baseline: { share: number } }) => d.current.share >= 1 - 1e-9 && d.baseline.share >= 1 - 1e-9;

/** The drivers worth naming in a message, largest first: none that is all of the traffic, at most DRIVERS. */
export const named = <D extends { current: { share: number }; baseline: { share: number } }>(drivers: readonly D[]): D[] => drivers.filter((d) => !whole(d)).slice(0, DRIVERS);

/** The day's change against the same weekday a week earlier: `change` analysis params for it. */
export function alertChangeParams(journey: StoredJourney, day: string) {
  const week = addDays(day, -7);
  return changeParamsSchema.parse({ from: day, to: day, baseline_from: week, baseline_to: week, journey: definitionOf(journey), drivers: DRIVERS_ASKED });
}

/** Stages whose conversion fell significantly, by at least `minDropPt` points. */
export function falls(result: ChangeResult, minDropPt: number): Fall[] {
  return result.stages.flatMap((s) =>
    s.significant && s.change !== null && s.change < 0 && -s.change >= minDropPt / 100 - 1e-9 && s.current.rate !== null && s.baseline.rate !== null
      ? [{ stage: s.index, name: s.name, baseline: s.baseline.rate, current: s.current.rate, change: s.change, p_value: s.p_value ?? 0, shortfall: s.shortfall ?? 0, drivers: named(result.drivers.filter((d) => d.stage === s.index)) }]
      : [],
  );
}

/** The stages of the journey that fell on `day`. */
export async function checkDay(store: Store, site: SiteRef, journey: StoredJourney, day: string, minDropPt: number): Promise<Fall[]> {
  return falls(await changeSql(store, site, alertChangeParams(journey, day)), minDropPt);
}

export const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`);
export const pt = (d: number) => `${d > 0 ? '+' : d < 0 ? '−' : ''}${Math.abs(d * 100).toFixed(1)} pt`;
const LABELS: Record<string, string> = { entry_page: 'entry page', os: 'OS' };
export const segment = (d: { by: string; value: string }) => (d.by === 'visitor_type' ? `${d.value} visitors` : `${LABELS[d.by] ?? d.by} ${d.value || '(none)'}`);

/** "; ≈ 12 fewer than at the week before’s rate": a change in units (rounded; nothing when under one). */
export function fewer(shortfall: number | null, baseline: string): string {
  const n = Math.round(Math.abs(shortfall ?? 0));
  return n === 0 ? '' : `; ≈ ${n.toLocaleString('en-US')} ${shortfall! > 0 ? 'fewer' : 'more'} than at ${baseline} rate`;
}

/** One line per fallen stage, and its largest drivers: plain text, as chat tools show it. */
export function alertText(siteId: string, journey: StoredJourney, day: string, found: readonly Fall[]): string {
  const head = `Waymark · ${siteId} · “${journey.name}”: ${found.length === 1 ? 'a stage' : `${found.length} stages`} converted significantly worse on ${day} than a week before (${addDays(day, -7)}).`;
  const lines = found.flatMap((f) => [
    `• ${f.name}: ${pct(f.baseline)} → ${pct(f.current)} (${pt(f.change)}, p = ${f.p_value.toPrecision(2)})${fewer(f.shortfall, 'the week before’s')}`,
    ...f.drivers.map((d) => `   ${segment(d)}: ${pct(d.baseline.rate)} → ${pct(d.current.rate)}, ${pt(d.effect)} of the change`),
  ]);
  return [head, ...lines].join('\n');
}

/**
 * The message as chat tools read it. Segment values come from visitors (an entry page, a browser
 * name), so neither tool may read markup in them: Slack (and Mattermost) get &, < and > as the
 * entities their formatting expects (`<!channel>` would notify everyone, `<url|text>` would be a
 * link); Discord gets its markdown characters escaped and no mentions at all (`allowed_mentions`).
 */
const forSlack = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const forDiscord = (text: string) => text.replace(/[\\*_~`|[\]@]/g, '\\$&');

/** The dashboard's "what changed" for that day against a week before, at the first stage that fell. */
export function alertLink(publicUrl: string, siteId: string, journeyId: string, day: string, found: readonly Fall[]): string {
  const q = new URLSearchParams({ site: siteId, journey: journeyId, from: day, to: day, changes: '1', against: 'week' });
  if (found[0]) q.set('change_stage', String(found[0].stage));
  return `${publicUrl}/funnel?${q}`;
}

/**
 * The JSON a webhook gets: `text` (Slack, Mattermost…), `content` (Discord, at most 2,000
 * characters) and the figures, raw; with `publicUrl`, a link to the day in the dashboard.
 */
export function alertPayload(siteId: string, journey: StoredJourney, day: string, found: readonly Fall[], opts: { test?: boolean; publicUrl?: string | undefined } = {}) {
  const test = opts.test ?? false;
  const plain = test
    ? `[test] Waymark · ${siteId} · “${journey.name}”: this webhook will be told when a stage of this journey converts significantly worse on a day than on the same weekday a week before.`
    : alertText(siteId, journey, day, found);
  const url = opts.publicUrl === undefined ? undefined : alertLink(opts.publicUrl, siteId, journey.id, day, found);
  return chatMessage(plain, url, { test, site: siteId, journey: journey.id, day, baseline_day: addDays(day, -7), falls: found });
}

/**
 * Any alert's JSON: `text` for Slack (and Mattermost), `content` for Discord (at most 2,000
 * characters, no mentions), each escaped for its tool, and the figures under `waymark`. The link
 * is ours (ids are slugs, days digits): added after escaping, in each tool's own form.
 */
export function chatMessage<W extends object>(plain: string, url: string | undefined, waymark: W) {
  const text = forSlack(plain) + (url ? `\n<${forSlack(url)}|Open in Waymark>` : '');
  const content = forDiscord(plain).slice(0, url ? 2000 - url.length - 1 : 2000) + (url ? `\n${url}` : '');
  return { text, content, allowed_mentions: { parse: [] as string[] }, waymark: { ...waymark, ...(url ? { url } : {}) } };
}
