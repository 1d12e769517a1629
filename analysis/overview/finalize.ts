/** Raw overview groups (SQL or reference) → the overview result; shared so ratios agree exactly. */
import { topBy } from '../common/order.js';
import type { Scope } from '../common/params.js';
import { rate } from '../common/stats.js';
import { bucketLabels, defaultInterval, type Interval } from '../common/time.js';
import { REALTIME_MS, type OverviewGroup, type OverviewParams, type OverviewRaw, type OverviewResult } from './schema.js';

export function overviewInterval(scope: Scope, p: OverviewParams): Interval {
  return p.interval ?? defaultInterval(scope.fromMs, scope.toMs);
}

export function realtimeWindow(p: OverviewParams, clock: number): { from: number; to: number } {
  const to = p.now ?? clock;
  return { from: to - REALTIME_MS, to };
}

const table = (groups: readonly OverviewGroup[], dim: OverviewGroup['dim'], limit: number) =>
  topBy(
    groups.filter((g) => g.dim === dim),
    (g) => g.sessions,
    (g) => g.value,
    limit,
  ).map((g) => ({
    value: g.value,
    visitors: g.visitors,
    sessions: g.sessions,
    pageviews: g.pageviews,
    bounce_rate: rate(g.bounces, g.sessions),
  }));

export function finalizeOverview(
  raw: OverviewRaw,
  scope: Scope,
  p: OverviewParams,
  rt: { from: number; to: number },
): OverviewResult {
  // The totals alone: what SQL counts in that case, whatever the reference's raw rows hold.
  const totalsOnly = p.only === 'totals';
  const groups = totalsOnly ? raw.groups.filter((g) => g.dim === 'total') : raw.groups;
  const realtime = totalsOnly ? [] : raw.realtime;
  const total = groups.find((g) => g.dim === 'total');
  const sessions = total?.sessions ?? 0;
  const interval = overviewInterval(scope, p);
  const byKey = (dim: OverviewGroup['dim']) => new Map(groups.filter((g) => g.dim === dim).map((g) => [g.value, g]));
  const buckets = byKey('bucket');
  const entries = byKey('entry_page');
  const exits = byKey('exit_page');
  const pages = topBy(
    groups.filter((g) => g.dim === 'page'),
    (g) => g.sessions,
    (g) => g.value,
    p.limit,
  ).map((g) => {
    const entry = entries.get(g.value);
    const exit = exits.get(g.value)?.sessions ?? 0;
    return {
      path: g.value,
      views: g.sessions,
      visitors: g.visitors,
      entries: entry?.sessions ?? 0,
      exits: exit,
      bounce_rate: entry ? rate(entry.bounces, entry.sessions) : null,
      exit_rate: rate(exit, g.sessions),
    };
  });
  const rtTotal = realtime.find((r) => r.kind === 'total');
  return {
    totals: {
      visitors: total?.visitors ?? 0,
      sessions,
      pageviews: total?.pageviews ?? 0,
      bounces: total?.bounces ?? 0,
      bounce_rate: rate(total?.bounces ?? 0, sessions),
      avg_session_ms: sessions ? Math.round((total?.duration_ms ?? 0) / sessions) : null,
      views_per_session: rate(total?.pageviews ?? 0, sessions, 4),
    },
    interval,
    timeseries: (totalsOnly ? [] : bucketLabels(scope.fromMs, scope.toMs, scope.tz, interval)).map((bucket) => {
      const g = buckets.get(bucket);
      return {
        bucket,
        visitors: g?.visitors ?? 0,
        sessions: g?.sessions ?? 0,
        pageviews: g?.pageviews ?? 0,
        bounce_rate: g ? rate(g.bounces, g.sessions) : null,
      };
    }),
    pages,
    channels: table(groups, 'channel', p.limit),
    sources: table(groups, 'source', p.limit),
    mediums: table(groups, 'medium', p.limit),
    campaigns: table(groups, 'campaign', p.limit),
    devices: table(groups, 'device', p.limit),
    browsers: table(groups, 'browser', p.limit),
    os: table(groups, 'os', p.limit),
    countries: table(groups, 'country', p.limit),
    entry_pages: table(groups, 'entry_page', p.limit),
    realtime: {
      from_ms: rt.from,
      to_ms: rt.to,
      visitors: rtTotal?.visitors ?? 0,
      pages: topBy(
        realtime.filter((r) => r.kind === 'page'),
        (r) => r.views,
        (r) => r.value,
        p.limit,
      ).map((r) => ({ path: r.value, views: r.views, visitors: r.visitors })),
    },
  };
}
