/** "Where did they go?" for the people who reached stage k but not k+1: next touchpoints, exit pages, returns. */
import { dropoffResultSchema, type DropoffResult } from '../../../analysis/dropoff/schema.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { fmtInt, fmtRate } from '../format.js';
import { analysisUrl } from '../queries.js';
import { Link, setQuery } from '../router.js';
import { carry } from '../state.js';
import { useApi } from '../use-api.js';
import { Async } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';

type Ranked = DropoffResult['next_touchpoints'][number];
const columns = (label: string): Column<Ranked>[] => [
  { key: 'label', label, value: (r) => r.label },
  { key: 'count', label: 'People', value: (r) => r.count, numeric: true },
  { key: 'share', label: 'Share', value: (r) => r.share, format: fmtRate, numeric: true },
];

export function WhereTheyWent({ ctx, journeyId, stage }: { ctx: Ctx; journeyId: string; stage: number }) {
  const url = analysisUrl(ctx, 'dropoff', { journey: journeyId, stage });
  const state = useApi(url, (signal) => request(url, dropoffResultSchema, { signal }));
  return (
    <section class="card where" data-where={stage} aria-label="Where they went">
      <header class="card-head">
        <h3>Where they went</h3>
        <button type="button" class="small" onClick={() => setQuery({ stage: undefined })} aria-label="Close where they went">
          Close
        </button>
      </header>
      <Async state={state} label="Finding where they went…">
        {(d) => (
          <>
            <p class="lead">
              <strong data-dropped>{fmtInt(d.dropped)}</strong> of {fmtInt(d.reached)} {d.unit === 'visitor' ? 'visitors' : 'sessions'} reached “{d.stage.name}” but not “{d.next_stage.name}” ({fmtRate(d.dropoff_rate)}).{' '}
              <span data-came-back>{fmtInt(d.came_back)}</span> of them came back later within the window ({fmtRate(d.came_back_rate)}).{' '}
              {d.dropped > 0 && (
                <Link href={carry('/people', ctx.q, { journey: journeyId, stage: String(stage) })} data-people-link>
                  See who they are →
                </Link>
              )}
            </p>
            <div class="grid2">
              <Table name={`dropoff-${stage}-next`} title="Next touchpoint" rows={d.next_touchpoints} columns={columns('Went to')} initialSort={{ key: 'count', desc: true }} />
              <Table name={`dropoff-${stage}-exit`} title="Exit page" rows={d.exit_pages} columns={columns('Left from')} initialSort={{ key: 'count', desc: true }} />
            </div>
          </>
        )}
      </Async>
    </section>
  );
}
