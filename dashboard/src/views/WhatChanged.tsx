/**
 * "What changed?" under the funnel: each stage's conversion against the previous period of the
 * same length, z-tested, and for one stage the segments that explain its change (rate: the
 * segment converts differently; mix: its share moved). Asked on demand (`?changes=1`): two more
 * funnel-sized queries, seconds at millions of events.
 */
import { changeResultSchema, type ChangeDriver, type ChangeResult } from '../../../analysis/change/result.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { rangeText } from '../dates.js';
import { AgainstPicker, against } from '../components/Against.js';
import { fmtFromTo, fmtInt, fmtPt } from '../format.js';
import { analysisUrl } from '../queries.js';
import { Link, setQuery } from '../router.js';
import { carry } from '../state.js';
import { BREAKDOWN_LABELS } from '../components/BreakdownTable.js';
import { useApi } from '../use-api.js';
import { Tested } from '../components/Sig.js';
import { Async } from '../components/States.js';
import { Table, type Column } from '../components/Table.js';

type Stage = ChangeResult['stages'][number];

/** The stage to explain first: the largest significant change, else the largest change. */
function defaultStage(d: ChangeResult): number | undefined {
  const moved = d.stages.filter((s) => s.change !== null && s.change !== 0);
  const pool = moved.some((s) => s.significant) ? moved.filter((s) => s.significant) : moved;
  return pool.sort((a, b) => Math.abs(b.change!) - Math.abs(a.change!))[0]?.index;
}

function driverColumns(ctx: Ctx, journeyId: string): Column<ChangeDriver>[] {
  return [
    {
      key: 'segment',
      label: 'Segment',
      value: (r) => `${BREAKDOWN_LABELS[r.by]}: ${r.value}`,
      render: (r) => (
        <>
          <span class="muted">{BREAKDOWN_LABELS[r.by]}</span> {r.value || '(none)'}{' '}
          {/* When did it start? The funnel broken down by this dimension draws each segment's conversion per day, above. */}
          <button type="button" class="link small" data-driver-trend={r.by} title={`Conversion over time by ${BREAKDOWN_LABELS[r.by].toLowerCase()}, above`} onClick={() => setQuery({ breakdown: r.by })}>
            over time ↑
          </button>
        </>
      ),
    },
    { key: 'share', label: 'Share', value: (r) => r.current.share, render: (r) => fmtFromTo(r.baseline.share, r.current.share, 0), numeric: true, hint: 'Of those at the previous stage' },
    {
      key: 'rate',
      label: 'Conversion',
      value: (r) => r.current.rate,
      render: (r) => <Tested x={r}>{fmtFromTo(r.baseline.rate, r.current.rate)}</Tested>,
      numeric: true,
      hint: 'From the previous stage; ▲/▼ = significant after adjusting for every segment compared at this stage (q < 0.05: at most 1 in 20 marks by chance)',
    },
    { key: 'rate_effect', label: 'Rate effect', value: (r) => r.rate_effect, format: fmtPt, numeric: true, hint: 'It converts differently' },
    { key: 'mix_effect', label: 'Mix effect', value: (r) => r.mix_effect, format: fmtPt, numeric: true, hint: 'Its share moved, and it converts above or below average' },
    { key: 'effect', label: 'Effect', value: (r) => r.effect, format: fmtPt, numeric: true, hint: 'Rate + mix; a dimension’s effects add up to the change' },
    {
      key: 'people',
      label: '',
      value: () => null,
      render: (r) =>
        // New vs returning is no filter of the people list: no link there.
        r.stage > 1 && r.value && r.by !== 'visitor_type' && r.current.reached < r.current.from_previous ? (
          <Link href={carry('/people', ctx.q, { journey: journeyId, stage: String(r.stage - 1), [r.by]: r.value })} data-driver-people>
            Who dropped →
          </Link>
        ) : null,
    },
  ];
}

/** The largest driver in words: the bigger of its two effects says what happened. */
/** A significant change in units: how many more (or fewer) reached the stage than the earlier rate would have brought. */
function shortfallText(s: Stage, unit: string): string | undefined {
  const n = Math.round(s.shortfall ?? 0);
  if (!s.significant || n === 0) return undefined;
  return n > 0
    ? `At the earlier rate, ≈ ${fmtInt(n)} more ${unit} would have reached “${s.name}” (${fmtInt(s.current.reached)} did).`
    : `≈ ${fmtInt(-n)} more ${unit} reached “${s.name}” than the earlier rate would have brought (${fmtInt(s.current.reached)} did).`;
}

function lead(s: Stage, top: ChangeDriver) {
  const who = `${BREAKDOWN_LABELS[top.by]}${top.by === 'visitor_type' ? ':' : ''} ${top.value || '(none)'}`;
  const what = Math.abs(top.rate_effect) >= Math.abs(top.mix_effect) ? `converts at ${fmtFromTo(top.baseline.rate, top.current.rate)}` : `brings ${fmtFromTo(top.baseline.share, top.current.share)} of the units`;
  return `Largest effect on “${s.name}” (${fmtPt(s.change)}): ${who} ${what}, ${fmtPt(top.effect)}.`;
}

export function WhatChanged({ ctx, journeyId }: { ctx: Ctx; journeyId: string }) {
  const open = ctx.q.get('changes') === '1';
  // Always explicit: a range ending today is compared until the same hour.
  const { base } = against(ctx);
  const url = open ? analysisUrl(ctx, 'change', { journey: journeyId, baseline_from: base.from, baseline_to: base.to }) : null;
  const state = useApi(url, (signal) => request(url!, changeResultSchema, { signal }));
  return (
    <section class="card what-changed" aria-label="What changed" data-what-changed>
      <header class="card-head">
        <h3>What changed?</h3>
        {open && (
          <div class="view-controls">
            <AgainstPicker ctx={ctx} testId="change-against" />
            <button type="button" class="small" onClick={() => setQuery({ changes: undefined, change_stage: undefined, against: undefined })}>
              Close
            </button>
          </div>
        )}
      </header>
      {!open ? (
        <p class="muted">
          Each stage against the period before, and the segments behind each change.{' '}
          <button type="button" onClick={() => setQuery({ changes: '1' })} data-explain>
            Explain the changes
          </button>
        </p>
      ) : (
        <Async state={state} label="Comparing the two periods…">
          {(d) => <Explained d={d} ctx={ctx} journeyId={journeyId} />}
        </Async>
      )}
    </section>
  );
}

function Explained({ d, ctx, journeyId }: { d: ChangeResult; ctx: Ctx; journeyId: string }) {
  const asked = Number(ctx.q.get('change_stage'));
  const k = d.stages.some((s) => s.index === asked) ? asked : defaultStage(d);
  const s = k === undefined ? undefined : d.stages[k - 1];
  const drivers = d.drivers.filter((x) => x.stage === k);
  const unit = d.unit === 'visitor' ? 'visitors' : 'sessions';
  return (
    <>
      <p class="muted">
        {rangeText(d.current)}: {fmtInt(d.current.units)} {unit}, against {rangeText(d.baseline)}: {fmtInt(d.baseline.units)}. Completion{' '}
        <Tested x={d.completion}>{fmtFromTo(d.completion.baseline, d.completion.current)} ({fmtPt(d.completion.change)})</Tested>.
      </p>
      <div class="stage-changes" role="group" aria-label="Stage to explain">
        {d.stages.map((x) => (
          <button key={x.index} type="button" class={x.index === k ? 'active' : ''} aria-pressed={x.index === k} data-change-stage={x.index} onClick={() => setQuery({ change_stage: String(x.index) }, { replace: true })}>
            {x.name} <Tested x={x}>{fmtPt(x.change)}</Tested>
          </button>
        ))}
      </div>
      {s === undefined ? (
        <p class="muted">Nothing to compare: no stage has units in both periods.</p>
      ) : (
        <>
          {drivers[0] && <p class="lead" data-change-lead>{lead(s, drivers[0])}</p>}
          {shortfallText(s, unit) && <p class="muted" data-change-shortfall>{shortfallText(s, unit)}</p>}
          <Table
            name={`change-stage-${s.index}`}
            title={`Behind “${s.name}”`}
            rows={drivers}
            columns={driverColumns(ctx, journeyId)}
            empty="No segment moved this stage: the same segments converted as before, in the same shares."
          />
          {s.segments_tested > 1 && (
            <p class="muted small" data-change-tested>
              {fmtInt(s.segments_tested)} segments compared at “{s.name}”: a segment’s ▲/▼ holds after adjusting for all of them, so a small segment’s large change may carry none.
            </p>
          )}
        </>
      )}
    </>
  );
}
