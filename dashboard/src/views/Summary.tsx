/**
 * A site's summary, in the Sites view (admin only, as the API): after each week or month, the
 * webhook gets that period's figures against the period before (analysis/alerts/summary.ts).
 */
import { useState } from 'preact/hooks';
import { summaryResponse, summarySchema, summarySendSchema, type Summary as S } from '../../../analysis/alerts/schema.js';
import { request, sitePath } from '../api.js';
import { useApi } from '../use-api.js';
import { FormStatus } from '../components/FormStatus.js';
import { WebhookActions, WebhookField, useWebhookForm } from '../components/webhook-form.js';

export function Summary({ site }: { site: string }) {
  const url = sitePath(site, '/summary');
  const state = useApi(url, (signal) => request(url, summaryResponse, { signal }));
  if (!state.data) return null;
  return <Form key={site} url={url} summary={state.data.summary} reload={state.reload} />;
}

/** What came of a period's summary (a quiet one had no visitors, nor the period before). */
const OUTCOME_WORDS = { sent: 'sent', quiet: 'nothing to tell', failed: 'not delivered, tried again at the next check' } as const;
const periodText = (period: string) => period.replace('/', ' – ');

function Form({ url, summary, reload }: { url: string; summary: S | null; reload: () => void }) {
  const [webhook, setWebhook] = useState(summary?.webhook ?? '');
  const [every, setEvery] = useState<S['every']>(summary?.every ?? 'week');
  const [hour, setHour] = useState(String(summary?.hour ?? 8));
  const form = useWebhookForm(url, { schema: summarySchema, reload, removed: 'Summary turned off.', onRemoved: () => setWebhook('') });
  const { action, notice } = form;
  const save = (e: Event) => form.save(e, { webhook: webhook.trim(), every, hour: Number(hour) });
  const sendNow = () =>
    form.run(async () => {
      const r = await request(`${url}/send`, summarySendSchema, { method: 'POST' });
      reload();
      return `${periodText(r.period)}: ${OUTCOME_WORDS[r.outcome]} (${r.detail}).`;
    });
  const last = summary?.last_send;
  return (
    <form class="card form" onSubmit={save} aria-label="Summary" data-summary>
      <h3>Summary to a chat</h3>
      <p class="muted">
        After each week (Monday to Sunday) or month in the site’s time zone, this webhook gets its visitors, sessions, page views, bounce rate, top channels and each
        journey’s completions against the period before, with the stage that changed most and the segment behind it.
      </p>
      <WebhookField name="summary-webhook" value={webhook} set={setWebhook} />
      <label>
        Every
        <select name="summary-every" value={every} onChange={(e) => setEvery(e.currentTarget.value as S['every'])}>
          {(['week', 'month'] as const).map((p) => (
            <option value={p} key={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        At <span class="muted">(hour of the first day after it, 0–23)</span>
        <input name="summary-hour" inputMode="numeric" value={hour} onInput={(e) => setHour(e.currentTarget.value)} />
      </label>
      <WebhookActions form={form} exists={summary !== null} testData="data-summary-test" noun="summary">
        <button type="button" disabled={action.busy} onClick={sendNow} data-summary-send>
          Send the last {summary?.every ?? 'week'}’s now
        </button>
      </WebhookActions>
      {last && (
        <p class="muted" data-summary-last>
          Latest: {periodText(last.period)}, {OUTCOME_WORDS[last.outcome]} ({last.detail}) at {last.at.slice(0, 16)} UTC.
        </p>
      )}
      <FormStatus notice={notice} error={action.error} />
    </form>
  );
}
