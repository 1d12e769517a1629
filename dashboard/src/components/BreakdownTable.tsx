/**
 * A funnel per segment: conversion from the previous stage for each stage, with a mark where a
 * segment differs significantly (two-proportion z-test against all the rest, p < 0.05).
 */
import type { Breakdown, FunnelResult } from '../../../analysis/funnel/schema.js';
import { fmtInt, fmtRate } from '../format.js';
import { setQuery } from '../router.js';
import { FILTER_LABELS } from '../state.js';
import { Sig } from './Sig.js';
import { Table, type Column } from './Table.js';

export const BREAKDOWN_LABELS: Record<Breakdown, string> = { ...FILTER_LABELS, visitor_type: 'New vs returning' };

/** The `?breakdown=` picker of a view that compares segments (the funnel, retention). */
export function BreakdownPicker({ label, value, options }: { label: string; value: Breakdown | undefined; options: readonly Breakdown[] }) {
  return (
    <label class="inline-field">
      {label}
      <select value={value ?? ''} data-testid="breakdown-picker" onChange={(e) => setQuery({ breakdown: e.currentTarget.value || undefined })}>
        <option value="">None</option>
        {options.map((b) => (
          <option key={b} value={b}>
            {BREAKDOWN_LABELS[b]}
          </option>
        ))}
      </select>
    </label>
  );
}

type Segment = NonNullable<FunnelResult['breakdown']>['segments'][number];

export function BreakdownTable({ result, title }: { result: FunnelResult; title?: string }) {
  const b = result.breakdown;
  if (!b) return null;
  const overall = result.stages;
  const columns: Column<Segment>[] = [
    { key: 'segment', label: BREAKDOWN_LABELS[b.by], value: (s) => s.value },
    { key: 'units', label: result.unit === 'visitor' ? 'Visitors' : 'Sessions', value: (s) => s.units, numeric: true },
    ...result.stages.map((st, i): Column<Segment> => ({
      key: `stage_${i + 1}`,
      label: st.name,
      hint: 'Conversion from the previous stage; ▲/▼ = significantly better/worse than all other segments (p < 0.05)',
      numeric: true,
      value: (s) => s.stages[i]?.conversion_from_previous ?? null,
      render: (s) => {
        const x = s.stages[i];
        if (!x) return '–';
        const base = overall[i]?.conversion_from_previous ?? null;
        const better = x.significant && base !== null && x.conversion_from_previous !== null && x.conversion_from_previous > base;
        return (
          <Sig significant={x.significant} better={better} title={x.p_value === null ? undefined : `${fmtInt(x.reached)} reached · p = ${x.p_value.toPrecision(2)}`}>
            {fmtRate(x.conversion_from_previous)}
          </Sig>
        );
      },
    })),
  ];
  return (
    <Table
      name={`funnel-by-${b.by}`}
      title={title ?? `By ${BREAKDOWN_LABELS[b.by].toLowerCase()}`}
      rows={b.segments}
      columns={columns}
      initialSort={{ key: 'units', desc: true }}
      limit={20}
    />
  );
}
