/**
 * Summaries and what each period's came to live in ClickHouse (migration 012), versioned like the
 * alerts: each write a new version, a delete a version with deleted = 1, reads use FINAL.
 */
import { z } from 'zod';
import type { Store } from '../../collector/storage/clickhouse.js';
import { toClickHouseTime } from '../../collector/storage/time.js';
import { queryRows } from '../common/query.js';
import { forgetSite, settled, withLatestRecordSql, writeVersions } from './rows.js';
import { summarySchema, type Summary, type SummaryInput, type SummarySend } from './schema.js';

const rowSchema = z.object({ site_id: z.string(), webhook: z.string(), every: z.string(), hour: z.number(), updated_at: z.string(), period: z.string(), outcome: z.string(), detail: z.string(), at: z.string() });

/** Each live summary with its latest period's newest outcome. */
const SELECT = withLatestRecordSql('summaries', ['webhook', 'every', 'hour'], 'summary_sends', 'period');

export type SiteSummary = Summary & { site: string };

function fromRow(r: z.infer<typeof rowSchema>): SiteSummary {
  const last = r.period === '' ? null : { period: r.period, outcome: r.outcome, detail: r.detail, at: r.at };
  return { site: r.site_id, ...summarySchema.parse({ webhook: r.webhook, every: r.every, hour: r.hour, updated_at: r.updated_at, last_send: last }) };
}

/** Every site's summary, or one site's. */
export async function listSummaries(store: Store, site?: string): Promise<SiteSummary[]> {
  const rows = await queryRows(store, SELECT, { site: site ?? '' }, rowSchema);
  return rows.map(fromRow);
}

export async function putSummary(store: Store, site: string, input: SummaryInput): Promise<SiteSummary> {
  await writeVersions(store, 'summaries', [{ site_id: site, webhook: input.webhook, every: input.every, hour: input.hour, deleted: 0 }]);
  return (await listSummaries(store, site))[0]!;
}

/** Returns whether there was one. Its record of sends goes with it (they name the site's figures' periods only, but a new summary starts afresh). */
export async function deleteSummary(store: Store, site: string): Promise<boolean> {
  const had = (await listSummaries(store, site)).length > 0;
  if (had) await writeVersions(store, 'summaries', [{ site_id: site, webhook: '', every: '', deleted: 1 }]);
  await forgetSite(store, 'summary_sends', site);
  return had;
}

export const recordSend = (store: Store, send: SummarySend, at = Date.now()) =>
  writeVersions(store, 'summary_sends', [{ site_id: send.site, period: send.period, outcome: send.outcome, detail: send.detail, at: toClickHouseTime(at) }], 'none');

/** Whether this period's summary was done for good (quiet or sent). */
export const periodSettled = (store: Store, site: string, period: string) => settled(store, 'summary_sends', { site_id: site, period });
