/**
 * /healthz while the store answers pings but refuses every insert (a table changed by hand, too
 * many parts, read-only): degraded (503), with the error, until inserts succeed again; /readyz
 * meanwhile (events are still accepted) and while shutting down.
 * Its own file: the app's log holds a batch the store refuses until the table is changed back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
let closed = false;
afterAll(() => (closed ? undefined : t.close()));

it('reports degraded (503) while the store refuses inserts though it answers pings, and ok once it accepts them', async () => {
  // 150 rows of a type the table does not know, in one batch: more than a bad row explains
  // (writer.ts), so the batch is retried rather than set aside.
  const line = JSON.stringify(['shop', '2026-01-05 00:00:00.000', crypto.randomUUID(), 'v', '', 'click']) + '\n';
  await t.parts.wal.append(Array.from({ length: 150 }, () => line), 150);
  await expect(t.parts.writer.drain()).rejects.toThrow(/refused more than 100 rows/);
  const res = await t.parts.app.request('/healthz');
  expect(res.status).toBe(503);
  expect(await res.json()).toMatchObject({ status: 'degraded', store: 'reachable', wal: { backlog_rows: 150 }, last_insert_error: expect.stringMatching(/refused/) });
  // Events still land in the log meanwhile: a load balancer keeps this collector in rotation.
  const ready = await t.parts.app.request('/readyz');
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'accepting' });

  // The table learns the type (as an operator would fix it): the same batch ships, health is ok.
  await t.parts.store.command({
    query: "ALTER TABLE events MODIFY COLUMN type Enum8('pageview' = 1, 'event' = 2, 'engagement' = 3, 'identify' = 4, 'click' = 5)",
  });
  await t.parts.writer.drain();
  const after = await t.parts.app.request('/healthz');
  expect(after.status).toBe(200);
  expect(await after.json()).toMatchObject({ status: 'ok', wal: { backlog_rows: 0 }, last_insert_error: null });
});

it('/readyz says 503 shutting_down + Retry-After while the collector shuts down', async () => {
  let during: Response | undefined;
  closed = true; // last test: it closes the app (one engine data dir per process)
  await t.parts.close(async () => {
    during = await t.parts.app.request('/readyz');
  });
  expect(during?.status).toBe(503);
  expect(during?.headers.get('retry-after')).toBe('5');
  expect(await during?.json()).toEqual({ status: 'not_accepting', reason: 'shutting_down' });
});
