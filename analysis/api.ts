/**
 * The analysis HTTP surface (mounted by collector/http/app.ts behind admin auth):
 *   GET/PUT/DELETE /api/sites/:site/journeys/:id, GET /api/sites/:site/journeys
 *   GET /api/sites/:site/overview | funnel?journey= | dropoff?journey=&stage= | … (catalog.ts)
 *   GET /api/sites/:site/visitors | visitor?id=[&journey=]
 * Handlers stay thin: validate (zod) → one analysis function → JSON, or CSV of one table.
 */
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { Store } from '../collector/storage/clickhouse.js';
import { ApiError, invalid } from '../collector/http/errors.js';
import { readJson } from '../collector/http/read-json.js';
import { toCsv } from './common/csv.js';
import { cancelledBy } from './common/query.js';
import { queryInput } from './common/http-query.js';
import type { SiteRef } from './common/params.js';
import { siteParam } from './common/site-param.js';
import { changeParamsSchema } from './change/schema.js';
import { changeSql } from './change/sql.js';
import { bounceChangeParamsSchema } from './bounce-change/schema.js';
import { bounceChangeSql } from './bounce-change/sql.js';
import { dropoffParamsSchema } from './dropoff/schema.js';
import { dropoffSql } from './dropoff/sql.js';
import { funnelParamsSchema } from './funnel/schema.js';
import { funnelSql } from './funnel/sql.js';
import { definitionOf, journeyIdSchema, journeySchema, type Journey } from './journeys/schema.js';
import { annotationInputSchema, annotationsQuerySchema } from './annotations/schema.js';
import { addAnnotation, deleteAnnotation, listAnnotations } from './annotations/store.js';
import { deleteJourney, getJourney, listJourneys, putJourney } from './journeys/store.js';
import { deleteAlert } from './alerts/store.js';
import { overviewParamsSchema } from './overview/schema.js';
import { overviewSql } from './overview/sql.js';
import { attributionParamsSchema } from './attribution/schema.js';
import { attributionSql } from './attribution/sql.js';
import { mapParamsSchema } from './map/schema.js';
import { mapSql } from './map/sql.js';
import { pagesParamsSchema } from './pages/schema.js';
import { pagesSql } from './pages/sql.js';
import { customEventsParamsSchema } from './custom-events/schema.js';
import { customEventsSql } from './custom-events/sql.js';
import { pathsParamsSchema } from './paths/schema.js';
import { pathsSql } from './paths/sql.js';
import { retentionParamsSchema } from './retention/schema.js';
import { retentionSql } from './retention/sql.js';
import { sourcesParamsSchema } from './sources/schema.js';
import { sourcesSql } from './sources/sql.js';
import { visitorParamsSchema } from './visitor/schema.js';
import { visitorSql } from './visitor/sql.js';
import { visitorsParamsSchema } from './visitors/schema.js';
import { visitorsSql } from './visitors/sql.js';
import {
  attributionTables,
  bounceChangeTables,
  changeTables,
  dropoffTables,
  funnelTables,
  mapTables,
  overviewTables,
  pagesTables,
  customEventsTables,
  retentionTables,
  pathsTables,
  sourcesTables,
  visitorTables,
  visitorsTables,
  type Table,
} from './tables.js';

export interface AnalysisDeps {
  store: Store;
  sites: { get(id: string): SiteRef | undefined };
  /** Clock for default ranges and realtime; tests pin it. */
  now?: () => number;
}

export function analysisRoutes(deps: AnalysisDeps) {
  const app = new Hono();
  const now = deps.now ?? Date.now;

  const site = (c: Context): SiteRef => siteParam(deps.sites, c);
  const journeyId = (c: Context): string => {
    const id = journeyIdSchema.safeParse(c.req.param('id') ?? c.req.query('journey'));
    if (!id.success) throw invalid(id.error, 'journey id');
    return id.data;
  };
  /** The saved journey `?journey=<id>`, or an unsaved one `?definition=<JSON>` (the editor's live preview). */
  const journey = async (c: Context, s: SiteRef): Promise<Journey> => {
    const def = c.req.query('definition');
    if (def !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(def);
      } catch {
        throw new ApiError(400, 'invalid_query', '"definition" is not JSON');
      }
      const j = journeySchema.safeParse(json);
      if (!j.success) throw invalid(j.error, 'definition');
      return j.data;
    }
    const id = journeyId(c);
    const j = await getJourney(deps.store, s.id, id);
    if (!j) throw new ApiError(404, 'unknown_journey', `no journey "${id}" on site "${s.id}"`);
    return definitionOf(j);
  };
  const parse = <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => {
    const r = schema.safeParse(input);
    if (!r.success) throw invalid(r.error, 'query');
    return r.data;
  };
  const respond = <R>(c: Context, result: R, tables: Record<string, (r: R) => Table>) => {
    if (c.req.query('format') !== 'csv') return c.json(result);
    const name = c.req.query('table') ?? Object.keys(tables)[0]!;
    const table = tables[name];
    if (!table) throw new ApiError(400, 'invalid_query', `unknown table "${name}"; one of: ${Object.keys(tables).join(', ')}`);
    const t = table(result);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
    return c.body(toCsv(t.columns, t.rows));
  };

  // Every analysis query of a request is cancelled with it (see cancelledBy).
  app.use('/api/sites/:site/*', (c, next) => cancelledBy(c.req.raw.signal, next));

  app.get('/api/sites/:site/journeys', async (c) => c.json({ journeys: await listJourneys(deps.store, site(c).id) }));
  app.get('/api/sites/:site/journeys/:id', async (c) => {
    const s = site(c);
    const j = await getJourney(deps.store, s.id, journeyId(c));
    if (!j) throw new ApiError(404, 'unknown_journey', `no journey "${c.req.param('id')}" on site "${s.id}"`);
    return c.json(j);
  });
  app.put('/api/sites/:site/journeys/:id', async (c) => {
    const s = site(c);
    const id = journeyId(c);
    const body = journeySchema.safeParse(await readJson(c));
    if (!body.success) throw invalid(body.error, 'journey');
    const existed = (await getJourney(deps.store, s.id, id)) !== undefined;
    return c.json(await putJourney(deps.store, s.id, id, body.data), existed ? 200 : 201);
  });
  app.delete('/api/sites/:site/journeys/:id', async (c) => {
    const s = site(c);
    const id = journeyId(c);
    if (!(await deleteJourney(deps.store, s.id, id))) throw new ApiError(404, 'unknown_journey', `no journey "${id}" on site "${s.id}"`);
    await deleteAlert(deps.store, s.id, id); // its alert goes with it
    return c.body(null, 204);
  });

  app.get('/api/sites/:site/annotations', async (c) => {
    const s = site(c);
    const q = annotationsQuerySchema.safeParse({ from: c.req.query('from'), to: c.req.query('to') });
    if (!q.success) throw invalid(q.error, 'query');
    return c.json({ annotations: await listAnnotations(deps.store, s.id, q.data.from, q.data.to) });
  });
  app.post('/api/sites/:site/annotations', async (c) => {
    const s = site(c);
    const body = annotationInputSchema.safeParse(await readJson(c));
    if (!body.success) throw invalid(body.error, 'annotation');
    return c.json(await addAnnotation(deps.store, s.id, body.data), 201);
  });
  app.delete('/api/sites/:site/annotations/:id', async (c) => {
    const s = site(c);
    const id = c.req.param('id');
    if (!(await deleteAnnotation(deps.store, s.id, id))) throw new ApiError(404, 'unknown_annotation', `no annotation "${id}" on site "${s.id}"`);
    return c.body(null, 204);
  });

  app.get('/api/sites/:site/overview', async (c) => {
    const s = site(c);
    const p = parse(overviewParamsSchema, queryInput(c, s.timezone, now()));
    return respond(c, await overviewSql(deps.store, s, p, now()), overviewTables);
  });
  app.get('/api/sites/:site/funnel', async (c) => {
    const s = site(c);
    const input = { ...queryInput(c, s.timezone, now()), journey: await journey(c, s) };
    return respond(c, await funnelSql(deps.store, s, parse(funnelParamsSchema, input)), funnelTables);
  });
  app.get('/api/sites/:site/change', async (c) => {
    const s = site(c);
    const input = { ...queryInput(c, s.timezone, now()), journey: await journey(c, s) };
    return respond(c, await changeSql(deps.store, s, parse(changeParamsSchema, input)), changeTables);
  });
  app.get('/api/sites/:site/bounce_change', async (c) => {
    const s = site(c);
    return respond(c, await bounceChangeSql(deps.store, s, parse(bounceChangeParamsSchema, queryInput(c, s.timezone, now()))), bounceChangeTables);
  });
  app.get('/api/sites/:site/dropoff', async (c) => {
    const s = site(c);
    const input = { ...queryInput(c, s.timezone, now()), journey: await journey(c, s) };
    return respond(c, await dropoffSql(deps.store, s, parse(dropoffParamsSchema, input)), dropoffTables);
  });
  app.get('/api/sites/:site/paths', async (c) => {
    const s = site(c);
    return respond(c, await pathsSql(deps.store, s, parse(pathsParamsSchema, queryInput(c, s.timezone, now()))), pathsTables);
  });
  app.get('/api/sites/:site/pages', async (c) => {
    const s = site(c);
    return respond(c, await pagesSql(deps.store, s, parse(pagesParamsSchema, queryInput(c, s.timezone, now()))), pagesTables);
  });
  app.get('/api/sites/:site/custom_events', async (c) => {
    const s = site(c);
    return respond(c, await customEventsSql(deps.store, s, parse(customEventsParamsSchema, queryInput(c, s.timezone, now()))), customEventsTables);
  });
  app.get('/api/sites/:site/retention', async (c) => {
    const s = site(c);
    const p = parse(retentionParamsSchema, queryInput(c, s.timezone, now()));
    return respond(c, await retentionSql(deps.store, s, p, now()), retentionTables);
  });
  app.get('/api/sites/:site/sources', async (c) => {
    const s = site(c);
    const input = { ...queryInput(c, s.timezone, now()), journey: await journey(c, s) };
    return respond(c, await sourcesSql(deps.store, s, parse(sourcesParamsSchema, input)), sourcesTables);
  });
  app.get('/api/sites/:site/attribution', async (c) => {
    const s = site(c);
    const input = { ...queryInput(c, s.timezone, now()), journey: await journey(c, s) };
    return respond(c, await attributionSql(deps.store, s, parse(attributionParamsSchema, input)), attributionTables);
  });
  app.get('/api/sites/:site/map', async (c) => {
    const s = site(c);
    const input = { ...queryInput(c, s.timezone, now()), journey: await journey(c, s) };
    return respond(c, await mapSql(deps.store, s, parse(mapParamsSchema, input)), mapTables);
  });
  /** The params of an analysis whose journey is optional: with one when `?journey=` or `?definition=` names it. */
  const withOptionalJourney = async (c: Context, s: SiteRef) => {
    const named = c.req.query('journey') !== undefined || c.req.query('definition') !== undefined;
    return { ...queryInput(c, s.timezone, now()), ...(named ? { journey: await journey(c, s) } : {}) };
  };
  app.get('/api/sites/:site/visitors', async (c) => {
    const s = site(c);
    return respond(c, await visitorsSql(deps.store, s, parse(visitorsParamsSchema, await withOptionalJourney(c, s))), visitorsTables);
  });
  app.get('/api/sites/:site/visitor', async (c) => {
    const s = site(c);
    return respond(c, await visitorSql(deps.store, s, parse(visitorParamsSchema, await withOptionalJourney(c, s))), visitorTables);
  });
  return app;
}
