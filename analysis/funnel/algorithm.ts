/**
 * ClickHouse windowFunnel(window[, 'strict_order']) as a pure function — the reference for the
 * funnel SQL (which reaches the same chains with array passes, core-sql.ts chainsSql) — extended
 * to remember the timestamps of the chain behind each level, for "time from the previous stage".
 *
 * windowFunnel's steps (AggregateFunctionWindowFunnel.cpp, ClickHouse 26.7):
 *  - every event adds a (ts, stage) pair per stage it matches; with strict_order an event that
 *    matches nothing adds (ts, 0); pairs are sorted by (ts, stage) — so at equal timestamps lower
 *    stages come first, and one event matching stages 1 and 2 reaches level 2 by itself;
 *  - (ts, 1) starts a new chain at level 1 (replacing the old level-1 chain);
 *  - (ts, k) extends the level-(k-1) chain when ts ≤ its first ts + window (inclusive);
 *    reaching the last level ends the scan;
 *  - strict_order: after a stage-1 event, a (ts, 0) pair, or a stage whose previous level is
 *    not reached, ends the scan.
 *  The level is the highest level with a chain.
 */
export type Pair = readonly [ms: number, stage: number];

/** Expands events (in any order) into sorted (ts, stage) pairs; stage bit i = stage i+1. */
export function funnelPairs(events: readonly { ms: number; mask: number }[], stages: number, strict: boolean): Pair[] {
  const pairs: Pair[] = [];
  for (const e of events) {
    let any = false;
    for (let k = 1; k <= stages; k++) {
      if (e.mask & (2 ** (k - 1))) {
        pairs.push([e.ms, k]);
        any = true;
      }
    }
    if (strict && !any) pairs.push([e.ms, 0]);
  }
  return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

export interface FunnelChain {
  level: number;
  /** Timestamps of stages 1..level along the chain that reached `level`. */
  chain: number[];
}

export function funnelChain(pairs: readonly Pair[], stages: number, windowMs: number, strict: boolean): FunnelChain {
  const chains: (number[] | null)[] = Array.from({ length: stages }, () => null);
  for (const [ts, stage] of pairs) {
    if (stage === 0) {
      if (chains[0]) break;
      continue;
    }
    if (stage === 1) {
      chains[0] = [ts];
      continue;
    }
    const prev = chains[stage - 2];
    if (strict && chains[0] && !prev) break;
    if (prev && ts <= prev[0]! + windowMs) {
      chains[stage - 1] = [...prev, ts];
      if (stage === stages) break;
    }
  }
  const level = chains.filter(Boolean).length;
  return { level, chain: level > 0 ? chains[level - 1]! : [] };
}
