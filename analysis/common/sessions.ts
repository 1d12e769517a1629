/**
 * Sessionization, one definition for every analysis: a canonical visitor's touchpoints (page views
 * and custom events), in event order, start a new session when they come ≥ gap after the previous
 * touchpoint (default 30 minutes; exactly 30 minutes is a new session). Engagement events never
 * start or extend a session: they belong to the session in progress (the one of the latest earlier
 * touchpoint), and ones before any touchpoint belong to none (session 0).
 */
export const DEFAULT_SESSION_GAP_MS = 30 * 60_000;

/** Event kinds as ClickHouse's Enum8 values of `events.type`. */
export const KIND = { pageview: 1, event: 2, engagement: 3, identify: 4 } as const;

/**
 * Over arrays `ts_` (UInt64 ms) and `tp_` (UInt8, 1 for touchpoints) in event order, defines
 * `sess` (session number per event, 0 = none) and `starts` (each session's start ms).
 */
export const SESSIONIZE_SQL = `
  arrayFill((x, f) -> f, ts_, tp_) AS lt_,
  arrayMap((c, f) -> c - f, arrayCumSum(tp_), tp_) AS before_,
  arrayMap((t, f, c, p) -> toUInt8(f = 1 AND (c = 0 OR t - p >= {gap:UInt64})), ts_, tp_, before_, arrayPopBack(arrayPushFront(lt_, toUInt64(0)))) AS st_,
  arrayCumSum(st_) AS sess,
  arrayFilter((t, s) -> s = 1, ts_, st_) AS starts`;

export interface Sessionized {
  /** Session number per event (1-based), 0 before the first touchpoint. */
  sess: number[];
  /** Start ms of session i+1 at index i. */
  starts: number[];
}

/** The TypeScript side of SESSIONIZE_SQL. `events` must be in event order. */
export function sessionize(events: readonly { ms: number; kind: number }[], gapMs: number): Sessionized {
  const sess: number[] = [];
  const starts: number[] = [];
  let last: number | null = null;
  for (const e of events) {
    const touch = e.kind === KIND.pageview || e.kind === KIND.event;
    if (touch && (last === null || e.ms - last >= gapMs)) starts.push(e.ms);
    if (touch) last = e.ms;
    sess.push(starts.length);
  }
  return { sess, starts };
}
