/**
 * Prometheus metrics (prom-client). One registry per app instance so tests and several apps
 * in one process do not share counters.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export function createMetrics(backlog: () => { bytes: number; rows: number }) {
  const registry = new Registry();
  const accepted = new Counter({ name: 'waymark_events_accepted_total', help: 'Events written to the WAL and acknowledged', registers: [registry] });
  const rejected = new Counter({
    name: 'waymark_events_rejected_total',
    help: 'Requests or events refused, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const bots = new Counter({ name: 'waymark_bot_events_total', help: 'Events from bots: counted, not stored', registers: [registry] });
  const duplicates = new Counter({
    name: 'waymark_duplicate_events_total',
    help: 'Events acknowledged but not stored twice: a re-sent beacon seen moments ago, or an imported event already stored',
    registers: [registry],
  });
  const excluded = new Counter({
    name: 'waymark_excluded_events_total',
    help: "Events on a site's excluded pages or from its excluded addresses: acknowledged, not stored",
    registers: [registry],
  });
  const stored = new Counter({ name: 'waymark_events_stored_total', help: 'Rows confirmed by ClickHouse', registers: [registry] });
  const insertFailures = new Counter({ name: 'waymark_insert_failures_total', help: 'Failed batch inserts (retried)', registers: [registry] });
  const setAside = new Counter({
    name: 'waymark_rows_set_aside_total',
    help: 'Logged rows ClickHouse refused as data: kept in the log directory (refused/), not stored',
    registers: [registry],
  });
  const alertChecks = new Counter({
    name: 'waymark_alert_checks_total',
    help: "Alert checks of a day, by outcome: quiet (nothing fell), sent, failed (the webhook did not take it: tried again), error (the check could not run)",
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const insertSeconds = new Histogram({
    name: 'waymark_insert_duration_seconds',
    help: 'Batch insert latency, from marking the batch to ClickHouse confirming it',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'waymark_wal_backlog_bytes',
    help: 'Bytes in the write-ahead log not yet confirmed by ClickHouse',
    registers: [registry],
    collect() {
      this.set(backlog().bytes);
    },
  });
  new Gauge({
    name: 'waymark_wal_backlog_rows',
    help: 'Rows in the write-ahead log not yet confirmed by ClickHouse',
    registers: [registry],
    collect() {
      this.set(backlog().rows);
    },
  });
  return {
    registry,
    alertChecks,
    accepted,
    rejected,
    bots,
    excluded,
    duplicates,
    insertFailures,
    setAside,
    observeInsert(seconds: number, rows: number) {
      insertSeconds.observe(seconds);
      stored.inc(rows);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
