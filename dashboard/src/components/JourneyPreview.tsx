/**
 * The editor's live preview: visitors reaching each stage of the journey being edited, in the
 * current date range, from the funnel API. While the stages count the same as the saved journey's
 * (only names, owners or targets changed) it asks for the saved journey (`journey=<id>`); unsaved
 * matchers, window, order or scope go as `definition=<journey JSON>`. Debounced while typing.
 */
import { useEffect, useState } from 'preact/hooks';
import { funnelResultSchema } from '../../../analysis/funnel/schema.js';
import type { Journey } from '../../../analysis/journeys/schema.js';
import { request } from '../api.js';
import type { Ctx } from '../context.js';
import { rangeText } from '../dates.js';
import { analysisUrl } from '../queries.js';

export interface Preview {
  /** Visitors (or sessions) per stage; undefined = no preview to show. */
  counts?: number[];
  note: string;
}

const DEBOUNCE_MS = 500;

/** What decides the counts (names, owners and targets do not). */
const countingPart = (j: Journey) =>
  JSON.stringify([j.stages.map((s) => s.matchers), j.window_ms, j.strict_order, j.scope]);

export function usePreview(ctx: Ctx, journey: Journey | undefined, saved: { id: string; journey: Journey } | undefined): Preview {
  const [preview, setPreview] = useState<Preview>({ note: 'Fill in the stages to see how many visitors each one matches.' });
  const key = journey ? JSON.stringify(journey) : '';
  const range = rangeText(ctx.range);

  useEffect(() => {
    if (!journey) {
      setPreview((p) => ({ counts: p.counts, note: 'Preview paused: some fields are not valid yet.' }));
      return;
    }
    const ctl = new AbortController();
    const unit = journey.scope === 'visitor' ? 'visitors' : 'sessions';
    const asSaved = saved && countingPart(saved.journey) === countingPart(journey);
    const t = setTimeout(async () => {
      setPreview((p) => ({ counts: p.counts, note: 'Counting…' }));
      try {
        const url = analysisUrl(ctx, 'funnel', asSaved ? { journey: saved.id } : { definition: key });
        const r = await request(url, funnelResultSchema, { signal: ctl.signal });
        setPreview({ counts: r.stages.map((s) => s.reached), note: `Live preview: ${unit} reaching each stage, ${range} (of ${r.units.toLocaleString('en-US')} ${unit}).` });
      } catch (err) {
        if (ctl.signal.aborted) return;
        setPreview({ note: `No preview: ${err instanceof Error ? err.message : String(err)}` });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [key, ctx.site.id, range]);

  return preview;
}
