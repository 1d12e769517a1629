/** The journey stages a touchpoint or a session matched, as chips: "stage 2 · Cart". */
import type { StoredJourney } from '../../../analysis/journeys/schema.js';

export function StageChips({ stages, journey }: { stages: number[]; journey: StoredJourney | undefined }) {
  if (!journey || stages.length === 0) return null;
  return (
    <span class="stage-marks">
      {stages.map((n) => (
        <span key={n} class="stage-mark" data-stage={n}>
          stage {n} · {journey.stages[n - 1]?.name ?? '?'}
        </span>
      ))}
    </span>
  );
}
