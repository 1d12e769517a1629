/** The journey map's ranked pain points, each with its figures and a link to the view that explains it. */
import type { PainPoint } from '../../../analysis/map/schema.js';
import type { Ctx } from '../context.js';
import { fmtDuration, fmtRate } from '../format.js';
import { Link } from '../router.js';
import { carry } from '../state.js';

const KIND_LABELS: Record<PainPoint['kind'], string> = {
  dropoff: 'Drop-off',
  segment: 'Segment',
  slow_page: 'Slow page',
  loop: 'Loop',
};

const LINK_LABELS: Record<PainPoint['link']['view'], string> = {
  funnel: 'See the funnel',
  dropoff: 'Where did they go?',
  pages: 'See pages',
  paths: 'See paths',
  sources: 'Compare sources',
};

/** The URL of a pain point's explanation, keeping the journey, range and filters. */
function href(ctx: Ctx, journeyId: string, link: PainPoint['link']): string {
  const path = link.view === 'dropoff' ? '/funnel' : `/${link.view}`;
  return carry(path, ctx.q, { journey: journeyId, ...link.params });
}

/** Figures are named by key; rates and shares read as percentages, gaps as points, *_ms as durations. */
function figure(key: string, v: number | null): string {
  if (v === null) return '–';
  if (key === 'p_value') return v < 0.001 ? '< 0.001' : v.toPrecision(2);
  if (/gap/.test(key)) return `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} pt`;
  if (/rate|share/.test(key)) return fmtRate(v);
  if (/_ms$/.test(key)) return fmtDuration(v);
  return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** The title already names stages and segments: list only the numbers (not the stage index). */
const numbers = (f: PainPoint['figures']) =>
  Object.entries(f).filter((e): e is [string, number | null] => typeof e[1] !== 'string' && e[0] !== 'stage');

export function PainPoints({ ctx, journeyId, points }: { ctx: Ctx; journeyId: string; points: PainPoint[] }) {
  return (
    <aside class="card pain-points" aria-label="Pain points" data-pain-points>
      <h3>Pain points</h3>
      {points.length === 0 ? (
        <p class="muted">Nothing stands out in this period.</p>
      ) : (
        <ol>
          {points.map((p, i) => (
            <li key={i} class="pain" data-pain={p.kind}>
              <span class={`badge ${p.kind}`}>{KIND_LABELS[p.kind]}</span>
              <strong class="pain-title">{p.title}</strong>
              <dl class="pain-figures">
                {numbers(p.figures).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k.replace(/_/g, ' ')}</dt>
                    <dd>{figure(k, v)}</dd>
                  </div>
                ))}
              </dl>
              <Link href={href(ctx, journeyId, p.link)} class="pain-link">
                {LINK_LABELS[p.link.view]} →
              </Link>
              {p.link.view === 'dropoff' && (
                <Link href={carry('/people', ctx.q, { journey: journeyId, stage: p.link.params.stage })} class="pain-link" data-pain-people>
                  Who dropped →
                </Link>
              )}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
