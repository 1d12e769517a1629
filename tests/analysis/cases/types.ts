/** A hand-written case: events, one analysis call, and the parts of the result it must show. */
import type { EventRow } from '../../../collector/schema/event.js';
import type { AnalysisName } from '../harness.js';

export interface AnalysisCase {
  name: string;
  timezone?: string;
  events: EventRow[];
  analysis: AnalysisName;
  /** Params input (site comes from the harness). */
  params: Record<string, unknown>;
  /** Matched with toMatchObject against the result of both implementations. */
  expect: Record<string, unknown>;
}

export const DAY = '2026-01-05';
