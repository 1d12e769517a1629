/**
 * The journey editor's form state (strings, as typed) and its conversion to the API's journey
 * input, validated by the analysis' own journeySchema — the editor never re-states the rules.
 */
import { journeyIdSchema, journeySchema, DEFAULT_WINDOW_MS, type Journey, type JourneyInput } from '../../analysis/journeys/schema.js';

export interface DraftMatcher {
  kind: 'path' | 'event';
  value: string;
  /** "key=value, key2=value2" */
  props: string;
}
export interface DraftStage {
  name: string;
  owner: string;
  /** Percent, as typed ("" = no target). */
  target: string;
  matchers: DraftMatcher[];
}
export interface Draft {
  id: string;
  name: string;
  windowDays: string;
  strict: boolean;
  scope: 'visitor' | 'session';
  stages: DraftStage[];
}

export const emptyMatcher = (): DraftMatcher => ({ kind: 'path', value: '', props: '' });
export const emptyStage = (): DraftStage => ({ name: '', owner: '', target: '', matchers: [emptyMatcher()] });
export const emptyDraft = (): Draft => ({ id: '', name: '', windowDays: String(DEFAULT_WINDOW_MS / 86_400_000), strict: false, scope: 'visitor', stages: [emptyStage(), emptyStage()] });

const propsText = (p?: Record<string, string>) => Object.entries(p ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');

export function draftOf(id: string, j: Journey): Draft {
  return {
    id,
    name: j.name,
    windowDays: String(+(j.window_ms / 86_400_000).toFixed(4)),
    strict: j.strict_order,
    scope: j.scope,
    stages: j.stages.map((s) => ({
      name: s.name,
      owner: s.owner ?? '',
      target: s.target_rate === undefined ? '' : String(+(s.target_rate * 100).toFixed(2)),
      matchers: s.matchers.map((m) => ('path' in m ? { kind: 'path', value: m.path, props: propsText(m.props) } : { kind: 'event', value: m.event, props: propsText(m.props) })),
    })),
  };
}

function parseProps(s: string): Record<string, string> | undefined {
  const pairs = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => {
      const i = x.indexOf('=');
      return i < 0 ? [x, ''] : [x.slice(0, i).trim(), x.slice(i + 1).trim()];
    });
  return pairs.length ? Object.fromEntries(pairs) : undefined;
}

/** The input the API takes (before defaults); numbers that do not parse become NaN so zod names them. */
export function inputOf(d: Draft): JourneyInput {
  return {
    name: d.name.trim(),
    window_ms: Math.round(Number(d.windowDays) * 86_400_000),
    strict_order: d.strict,
    scope: d.scope,
    stages: d.stages.map((s) => {
      const props = (m: DraftMatcher) => (parseProps(m.props) ? { props: parseProps(m.props) } : {});
      return {
        name: s.name.trim(),
        matchers: s.matchers.map((m) => (m.kind === 'path' ? { path: m.value.trim(), ...props(m) } : { event: m.value.trim(), ...props(m) })),
        ...(s.owner.trim() ? { owner: s.owner.trim() } : {}),
        ...(s.target.trim() ? { target_rate: Number(s.target) / 100 } : {}),
      };
    }),
  } as JourneyInput;
}

export type DraftErrors = Map<string, string>;

/** Validates with the API's schema; errors keyed by path ("stages.1.matchers.0.path"). */
export function validate(d: Draft): { journey?: Journey; errors: DraftErrors } {
  const errors: DraftErrors = new Map();
  const id = journeyIdSchema.safeParse(d.id);
  if (!id.success) errors.set('id', id.error.issues[0]?.message ?? 'invalid id');
  const r = journeySchema.safeParse(inputOf(d));
  if (!r.success) for (const i of r.error.issues) errors.set(i.path.join('.'), friendly(i));
  // An empty matcher fails the glob pattern too; "Required" says what is actually wrong.
  d.stages.forEach((s, k) => s.matchers.forEach((m, j) => {
    const key = `stages.${k}.matchers.${j}.${m.kind}`;
    if (!m.value.trim() && errors.has(key)) errors.set(key, 'Required');
  }));
  return errors.size ? { errors } : { journey: r.success ? r.data : undefined, errors };
}

/** zod's wording for an empty required field is technical; everything else reads fine as is. */
function friendly(i: { code: string; message: string; minimum?: unknown; origin?: unknown }): string {
  return i.code === 'too_small' && i.minimum === 1 && i.origin === 'string' ? 'Required' : i.message;
}

/** A readable id from a name: "Checkout flow" → "checkout-flow". */
export const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9\s_-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, 64);
