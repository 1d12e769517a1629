/**
 * The analysis HTTP surface as OpenAPI route entries: journeys CRUD and one GET per entry of
 * catalog.ts. Query parameters are derived from each analysis' params schema, reshaped the way
 * common/http-query.ts reshapes the query string (flat filters, repeated `prop=key:value`,
 * `journey` as an id, a default range), so the docs cannot drift from what is validated.
 */
import { z } from 'zod';
import { objectShape, queryParam, type ParamDoc, type RouteDoc } from '../collector/http/openapi/spec.js';
import { siteIdSchema } from '../collector/schema/event.js';
import { JSON_TOO_LARGE } from '../collector/http/read-json.js';
import { ANALYSES, type AnalysisEntry } from './catalog.js';
import { filtersSchema, propFilterSchema } from './common/filters.js';
import { DEFAULT_RANGE_DAYS } from './common/http-query.js';
import { DEFAULT_CHANGE_BY } from './change/schema.js';
import { DEFAULT_BOUNCE_BY } from './bounce-change/schema.js';
import { MAX_RANGE_DAYS } from './common/params.js';
import { journeyIdSchema, journeySchema, storedJourneySchema } from './journeys/schema.js';
import { alertInputSchema, alertOutcomeSchema, alertSchema, alertsResponse, bounceAlertInputSchema, bounceAlertResponse, bounceAlertSchema, bounceCheckSchema, summaryInputSchema, summaryPreviewSchema, summaryResponse, summarySchema, summarySendSchema, trackingAlertInputSchema, trackingAlertResponse, trackingAlertSchema, webhookTestSchema } from './alerts/schema.js';
import { annotationInputSchema, annotationSchema, annotationsQuerySchema, annotationsResponse } from './annotations/schema.js';

const FILTER_HELP: Record<string, string> = {
  page: 'keep units that viewed this page path',
  event: 'keep units that sent this custom event',
};

/** Descriptions of params shared by analyses (the schemas carry JSDoc, which zod cannot see). */
const PARAM_HELP: Record<string, string> = {
  from: `first day (YYYY-MM-DD) or hour (YYYY-MM-DDTHH), site time zone, inclusive; default: ${DEFAULT_RANGE_DAYS - 1} days before \`to\`; at most ${MAX_RANGE_DAYS} days`,
  to: 'last day (YYYY-MM-DD) or hour (YYYY-MM-DDTHH, up to its end), site time zone, inclusive; default: today',
  session_gap_minutes: 'inactivity that ends a session (default 30)',
  journey: 'journey id (see /api/sites/{site}/journeys)',
  breakdown: 'compare segments by this dimension (z-test per segment against all the rest)',
  segments: 'segments shown in a breakdown, largest first',
  stage: 'stage k (1-based, below the last stage): units that reached k but not k+1',
  limit: 'rows per table',
  interval: 'time buckets: hour or day for series and trends (default hour for ranges up to 2 days, else day); day or week for retention cohorts (default day up to 31 days)',
  now: '"now", ms since epoch, for the realtime panel and for retention’s periods still open (default: the server clock)',
  return_event: 'count as back only those who sent this custom event (default: any touchpoint)',
  cohort: 'a retention cohort: the new people first seen in the day or week (by `interval`) that begins this date (YYYY-MM-DD)',
  period: 'with `cohort`: 0 for all of its people, N for those back N periods later',
  by: `sources: segment by this; change: the dimensions searched for drivers, comma-separated (default ${DEFAULT_CHANGE_BY.join(',')}); bounce_change: likewise (default ${DEFAULT_BOUNCE_BY.join(',')})`,
  baseline_from: 'change, bounce_change: first day or hour of the period compared against (with `baseline_to`; default: the period of the same length just before the range)',
  baseline_to: 'change, bounce_change: last day or hour of the period compared against',
  drivers: 'change: segments listed per stage, largest effect first; bounce_change: segments listed, largest effect first',
  lost: 'with `cohort`: only those back in no later period of the range (whom to win back)',
};

const RANGE_KEYS = new Set(['from', 'to', 'filters', 'journey']);

function analysisQuery(a: AnalysisEntry): ParamDoc[] {
  const shape = objectShape(a.params);
  const params: ParamDoc[] = [];
  if (a.journey !== 'none') params.push(queryParam('journey', journeyIdSchema, PARAM_HELP.journey, a.journey === 'required'));
  // The API fills in a default range, so from/to are optional on the wire though the schema needs them.
  for (const k of ['from', 'to'] as const) if (shape[k]) params.push(queryParam(k, shape[k], PARAM_HELP[k], false));
  for (const [k, field] of Object.entries(shape)) {
    if (!RANGE_KEYS.has(k)) params.push(queryParam(k, field, PARAM_HELP[k]));
  }
  if (shape.filters) {
    for (const [k, field] of Object.entries(filtersSchema.shape)) {
      if (k === 'props') continue;
      params.push(queryParam(k, field, FILTER_HELP[k] ?? `keep units whose entry event has this ${k.replace('_', ' ')}`));
    }
    params.push({
      name: 'prop',
      required: false,
      repeated: true,
      description: `keep units with a touchpoint carrying this property, as \`key:value\`; repeat for several (all must match; key ≤ ${propFilterSchema.shape.key.maxLength} chars)`,
      schema: { type: 'string', pattern: '^[^:]+:.*$' },
    });
  }
  params.push(
    { name: 'format', required: false, description: 'json (default), or csv for one table', schema: { type: 'string', enum: ['json', 'csv'] } },
    {
      name: 'table',
      required: false,
      description: `with format=csv: which table (default ${a.tableNames[0]})`,
      schema: { type: 'string', enum: [...a.tableNames] },
    },
  );
  return params;
}

const site = { site: { description: 'site id', schema: siteIdSchema } };
const siteAndJourney = { ...site, id: { description: 'journey id', schema: journeyIdSchema } };
const readErrors = {
  400: 'invalid query (names the field)',
  401: 'not signed in',
  403: 'an API key of another site',
  404: 'unknown site or journey',
  503: 'the analysis would pass its memory or time limit (`analysis_too_large`, `analysis_timeout`)',
};

const analysisRoute = (a: AnalysisEntry): RouteDoc => ({
  method: 'get',
  path: `/api/sites/:site/${a.name}`,
  summary: a.summary,
  description: a.description,
  tag: 'analyses',
  auth: 'reader',
  pathParams: site,
  query: analysisQuery(a),
  responses: {
    200: {
      description: 'the result as JSON, or with `format=csv` one of its tables as CSV',
      content: { 'application/json': a.result, 'text/csv': { type: 'string' } },
    },
    ...readErrors,
  },
});

const journeyList = z.object({ journeys: z.array(storedJourneySchema) });

const siteAndAlert = { ...site, journey: { description: 'journey id (one alert per journey)', schema: journeyIdSchema } };
const adminOnly = { 401: 'not signed in', 403: 'the admin only (a webhook URL is often a secret)' } as const;
/** A site's one setting of a kind that names a webhook (alerts/routes.ts siteWebhook): get, set, delete, test. */
function siteWebhookDocs(path: string, kind: { what: string; get: z.ZodType; input: z.ZodType; shown: z.ZodType; example: object; description: string }): RouteDoc[] {
  const one = { 'application/json': kind.shown };
  return [
    { method: 'get', path, summary: `Get the ${kind.what}`, tag: 'alerts', auth: 'admin', pathParams: site,
      responses: { 200: { description: `the site’s ${kind.what}, or null`, content: { 'application/json': kind.get } }, ...adminOnly, 404: 'unknown site' } },
    { method: 'put', path, summary: `Set the ${kind.what}`, tag: 'alerts', auth: 'admin', pathParams: site, description: kind.description,
      body: { schema: kind.input, example: kind.example },
      responses: { 200: { description: 'replaced', content: one }, 201: { description: 'created', content: one }, 400: `invalid ${kind.what} (names the field)`, ...adminOnly, 404: 'unknown site', 413: JSON_TOO_LARGE } },
    { method: 'delete', path, summary: `Delete the ${kind.what}`, tag: 'alerts', auth: 'admin', pathParams: site,
      responses: { 204: { description: 'deleted, with what it recorded' }, ...adminOnly, 404: `unknown site, or no ${kind.what}` } },
    { method: 'post', path: `${path}/test`, summary: 'Send a test message', tag: 'alerts', auth: 'admin', pathParams: site,
      responses: { 200: { description: 'whether the webhook took it', content: { 'application/json': webhookTestSchema } }, ...adminOnly, 404: `unknown site, or no ${kind.what}` } },
  ];
}

const ALERT_ROUTES: readonly RouteDoc[] = [
  { method: 'get', path: '/api/sites/:site/alerts', summary: 'List alerts', tag: 'alerts', auth: 'admin', pathParams: site,
    responses: { 200: { description: 'each journey’s alert with its newest check', content: { 'application/json': alertsResponse } }, ...adminOnly, 404: 'unknown site' } },
  { method: 'put', path: '/api/sites/:site/alerts/:journey', summary: 'Set a journey’s alert', tag: 'alerts', auth: 'admin', pathParams: siteAndAlert,
    description:
      'Each day (in the site’s time zone) the journey’s “what changed” for yesterday against the same weekday a week before is checked; when a stage converted significantly worse (p < 0.05) by at least `min_drop_pt` points, the webhook gets a JSON POST: `text` (Slack, Mattermost), `content` (Discord) and the figures under `waymark`. A webhook that does not answer 2xx is tried again at the next check (`WAYMARK_ALERT_INTERVAL_MINUTES`).',
    body: { schema: alertInputSchema, example: { webhook: 'https://hooks.slack.com/services/T000/B000/XXXX', min_drop_pt: 5 } },
    responses: { 200: { description: 'replaced', content: { 'application/json': alertSchema } }, 201: { description: 'created', content: { 'application/json': alertSchema } }, 400: 'invalid alert (names the field)', ...adminOnly, 404: 'unknown site or journey', 413: JSON_TOO_LARGE } },
  { method: 'delete', path: '/api/sites/:site/alerts/:journey', summary: 'Delete a journey’s alert', tag: 'alerts', auth: 'admin', pathParams: siteAndAlert,
    responses: { 204: { description: 'deleted' }, ...adminOnly, 404: 'unknown site, journey or alert' } },
  { method: 'post', path: '/api/sites/:site/alerts/:journey/check', summary: 'Check a day now', tag: 'alerts', auth: 'admin', pathParams: siteAndAlert,
    description: 'Checks a day (default: the site’s yesterday) as the scheduler does, sends what fell to the webhook and records the outcome.',
    query: [queryParam('day', z.string().optional(), 'YYYY-MM-DD, a day of the site')],
    responses: { 200: { description: 'what the check found', content: { 'application/json': alertOutcomeSchema } }, 400: 'invalid day', ...adminOnly, 404: 'unknown site, journey or alert' } },
  { method: 'post', path: '/api/sites/:site/alerts/:journey/test', summary: 'Send a test message', tag: 'alerts', auth: 'admin', pathParams: siteAndAlert,
    responses: { 200: { description: 'whether the webhook took it', content: { 'application/json': webhookTestSchema } }, ...adminOnly, 404: 'unknown site, journey or alert' } },
  ...siteWebhookDocs('/api/sites/:site/tracking-alert', {
    what: 'tracking alert',
    get: trackingAlertResponse,
    input: trackingAlertInputSchema,
    shown: trackingAlertSchema,
    example: { webhook: 'https://hooks.slack.com/services/T000/B000/XXXX', quiet_hours: 3 },
    description:
      'The webhook is told when the site’s events stop for `quiet_hours` while the same hours a week before brought at least 20 touchpoints (a small site’s quiet night is no outage), once per silence, and once more when they are back. Messages as the journeys’ alerts’.',
  }),
  ...siteWebhookDocs('/api/sites/:site/summary', {
    what: 'summary',
    get: summaryResponse,
    input: summaryInputSchema,
    shown: summarySchema,
    example: { webhook: 'https://hooks.slack.com/services/T000/B000/XXXX', every: 'week' },
    description:
      'After each week (Monday to Sunday) or month in the site’s time zone, at `hour` (default 8) of the day after it, the webhook is told that period’s figures against the period before: visitors, sessions, page views, bounce rate, the top channels, and per journey (the first five) how many completed it, with the stage that changed most significantly and the segment behind it. The numbers are the overview’s and “what changed”’s own. Messages as the alerts’ (`text`, `content`, figures under `waymark`). Each period once; a webhook that does not answer 2xx is tried again at the next check.',
  }),
  ...siteWebhookDocs('/api/sites/:site/bounce-alert', {
    what: 'bounce alert',
    get: bounceAlertResponse,
    input: bounceAlertInputSchema,
    shown: bounceAlertSchema,
    example: { webhook: 'https://hooks.slack.com/services/T000/B000/XXXX', min_rise_pt: 5 },
    description:
      'Each day (in the site’s time zone), yesterday’s bounce rate is compared with the same weekday a week before (the `bounce_change` analysis); a significant rise (p < 0.05) of at least `min_rise_pt` points is told to the webhook with its three largest drivers, once per day. Messages as the journeys’ alerts’; a webhook that does not answer 2xx is tried again at the next check.',
  }),
  { method: 'post', path: '/api/sites/:site/bounce-alert/check', summary: 'Check a day now', tag: 'alerts', auth: 'admin', pathParams: site,
    description: 'Checks a day (default: the site’s yesterday) as the scheduler does, sends a rise to the webhook and records the outcome.',
    query: [queryParam('day', z.string().optional(), 'YYYY-MM-DD, a day of the site')],
    responses: { 200: { description: 'what the check found', content: { 'application/json': bounceCheckSchema } }, 400: 'invalid day', ...adminOnly, 404: 'unknown site, or no bounce alert' } },
  { method: 'get', path: '/api/sites/:site/summary/preview', summary: 'Preview a summary', tag: 'alerts', auth: 'admin', pathParams: site,
    description: 'The summary of the last whole week or month before `at` (default today), as text and figures, sent nowhere and needing no saved summary: for a look first, or for a mail sent by cron (`waymark summary`).',
    query: [queryParam('every', z.enum(['week', 'month']).optional(), 'week (default) or month'), queryParam('at', z.string().optional(), 'YYYY-MM-DD, a day of the site: the summary due then')],
    responses: { 200: { description: 'the text and the figures', content: { 'application/json': summaryPreviewSchema } }, 400: 'invalid query', ...adminOnly, 404: 'unknown site' } },
  { method: 'post', path: '/api/sites/:site/summary/send', summary: 'Send the last period’s summary now', tag: 'alerts', auth: 'admin', pathParams: site,
    description: 'Summarises the last whole week or month now and sends it (again, if it was sent), recorded as the scheduler’s sends are.',
    responses: { 200: { description: 'what came of it', content: { 'application/json': summarySendSchema } }, ...adminOnly, 404: 'unknown site or summary' } },
];

export const ANALYSIS_ROUTES: readonly RouteDoc[] = [
  { method: 'get', path: '/api/sites/:site/journeys', summary: 'List journeys', tag: 'journeys', auth: 'reader', pathParams: site,
    responses: { 200: { description: 'the site’s journeys', content: { 'application/json': journeyList } }, 401: 'not signed in', 403: 'forbidden', 404: 'unknown site' } },
  { method: 'get', path: '/api/sites/:site/journeys/:id', summary: 'Get a journey', tag: 'journeys', auth: 'reader', pathParams: siteAndJourney,
    responses: { 200: { description: 'the journey', content: { 'application/json': storedJourneySchema } }, 401: 'not signed in', 403: 'forbidden', 404: 'unknown site or journey' } },
  { method: 'put', path: '/api/sites/:site/journeys/:id', summary: 'Create or replace a journey', tag: 'journeys', auth: 'admin', pathParams: siteAndJourney,
    description: 'Stages match touchpoints by page path glob (`*` within a segment, `**` across) or custom event name, optionally narrowed by property equality.',
    body: {
      schema: journeySchema,
      example: {
        name: 'Checkout',
        stages: [
          { name: 'Product', matchers: [{ path: '/products/*' }], owner: 'Marketing' },
          { name: 'Cart', matchers: [{ event: 'add_to_cart' }], target_rate: 0.3 },
          { name: 'Purchase', matchers: [{ path: '/thank-you' }], owner: 'Sales', target_rate: 0.6 },
        ],
        window_ms: 604800000,
      },
    },
    responses: {
      200: { description: 'replaced', content: { 'application/json': storedJourneySchema } },
      201: { description: 'created', content: { 'application/json': storedJourneySchema } },
      400: 'invalid journey (names the field)', 401: 'not signed in', 403: 'API keys are read-only', 404: 'unknown site', 413: JSON_TOO_LARGE,
    } },
  { method: 'delete', path: '/api/sites/:site/journeys/:id', summary: 'Delete a journey', tag: 'journeys', auth: 'admin', pathParams: siteAndJourney,
    responses: { 204: { description: 'deleted' }, 401: 'not signed in', 403: 'API keys are read-only', 404: 'unknown site or journey' } },
  { method: 'get', path: '/api/sites/:site/annotations', summary: 'List annotations', tag: 'annotations', auth: 'reader', pathParams: site,
    query: [queryParam('from', annotationsQuerySchema.shape.from, 'first day, inclusive'), queryParam('to', annotationsQuerySchema.shape.to, 'last day, inclusive')],
    responses: { 200: { description: 'the site’s annotations in the range, by day', content: { 'application/json': annotationsResponse } }, 400: 'invalid query', 401: 'not signed in', 403: 'forbidden', 404: 'unknown site' } },
  { method: 'post', path: '/api/sites/:site/annotations', summary: 'Add an annotation', tag: 'annotations', auth: 'admin', pathParams: site,
    description: 'A dated note drawn on the site’s charts, e.g. when a new checkout went live.',
    body: { schema: annotationInputSchema, example: { date: '2026-11-10', text: 'New payment provider live' } },
    responses: { 201: { description: 'added', content: { 'application/json': annotationSchema } }, 400: 'invalid annotation (names the field)', 401: 'not signed in', 403: 'API keys are read-only', 404: 'unknown site', 413: JSON_TOO_LARGE } },
  { method: 'delete', path: '/api/sites/:site/annotations/:id', summary: 'Delete an annotation', tag: 'annotations', auth: 'admin', pathParams: { ...site, id: { description: 'annotation id' } },
    responses: { 204: { description: 'deleted' }, 401: 'not signed in', 403: 'API keys are read-only', 404: 'unknown site or annotation' } },
  ...ALERT_ROUTES,
  ...ANALYSES.map(analysisRoute),
];
