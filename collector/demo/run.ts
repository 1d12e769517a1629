/**
 * Loads the demo: creates the demo site, defines its checkout journey and sends the simulated
 * traffic through the real ingestion path (POST /api/import), with a progress bar.
 * `request` is a fetch-like function: HTTP to a running server, or app.request() in-process.
 */
import { IMPORT_LIMITS, type ImportEvent } from '../schema/event.js';
import { localDate } from '../../analysis/common/time.js';
import { CHECKOUT_JOURNEY, DEMO_SITE, PAYMENT_INCIDENT } from './shop.js';
import { simulate, type SimulationOptions } from './simulate.js';

/** An authenticated request to the API (a GET has no body). */
export type Requester = (path: string, init: { method: string; body?: string }) => Promise<Response>;

export interface DemoResult {
  visitors: number;
  events: number;
  /** Events the store had already (their ids): the same seed loaded before. */
  duplicates: number;
}

export async function runDemo(request: Requester, opts: SimulationOptions, progress?: (done: number, total: number) => void): Promise<DemoResult> {
  await send(request, 'POST', '/api/sites', DEMO_SITE);
  await send(request, 'PUT', `/api/sites/${DEMO_SITE.id}/journeys/${CHECKOUT_JOURNEY.id}`, CHECKOUT_JOURNEY.journey);
  if (opts.days > PAYMENT_INCIDENT.days) await noteIncident(request, opts.end);
  let batch: ImportEvent[] = [];
  let events = 0;
  let visitors = 0;
  let duplicates = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const res = await send(request, 'POST', '/api/import', batch);
    duplicates += (res as { duplicates?: number }).duplicates ?? 0;
    events += batch.length;
    batch = [];
  };
  for (const visitorEvents of simulate(opts)) {
    if (batch.length + visitorEvents.length > IMPORT_LIMITS.maxBatch / 2) await flush();
    batch.push(...visitorEvents);
    visitors++;
    if (visitors % 100 === 0 || visitors === opts.visitors) progress?.(visitors, opts.visitors);
  }
  await flush();
  return { visitors, events, duplicates };
}

/** The note on the day the incident began, once (loading the same demo again adds none). */
async function noteIncident(request: Requester, end: number): Promise<void> {
  const date = localDate(end - PAYMENT_INCIDENT.days * 86_400_000, DEMO_SITE.timezone);
  const path = `/api/sites/${DEMO_SITE.id}/annotations`;
  const { annotations } = (await send(request, 'GET', `${path}?from=${date}&to=${date}`)) as { annotations: { text: string }[] };
  if (!annotations.some((a) => a.text === PAYMENT_INCIDENT.note)) await send(request, 'POST', path, { date, text: PAYMENT_INCIDENT.note });
}

async function send(request: Requester, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await request(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
  return res.json();
}

/** A one-line progress bar on stderr (only when it is a terminal). */
export function progressBar(label: string): (done: number, total: number) => void {
  return (done, total) => {
    if (!process.stderr.isTTY) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
  };
}
