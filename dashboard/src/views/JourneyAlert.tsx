/**
 * A journey's alert, under its editor (admin only, as the API): the webhook told when a stage
 * converts significantly worse on a day than on the same weekday a week before, the least fall
 * worth a message, a test message, and what the newest check found.
 */
import { useState } from 'preact/hooks';
import { alertOutcomeSchema, alertSchema, alertsResponse, type Alert } from '../../../analysis/alerts/schema.js';
import { request, sitePath } from '../api.js';
import type { Ctx } from '../context.js';
import { useApi } from '../use-api.js';
import { FormStatus } from '../components/FormStatus.js';
import { OUTCOME_WORDS, WebhookActions, WebhookField, useWebhookForm } from '../components/webhook-form.js';

export function JourneyAlert({ ctx, journeyId }: { ctx: Ctx; journeyId: string }) {
  const url = sitePath(ctx.site.id, '/alerts');
  const list = useApi(url, (signal) => request(url, alertsResponse, { signal }));
  if (!list.data) return null;
  const alert = list.data.alerts.find((a) => a.journey === journeyId);
  return <AlertForm key={journeyId} ctx={ctx} journeyId={journeyId} alert={alert} reload={list.reload} />;
}

function AlertForm({ ctx, journeyId, alert, reload }: { ctx: Ctx; journeyId: string; alert: Alert | undefined; reload: () => void }) {
  const [webhook, setWebhook] = useState(alert?.webhook ?? '');
  const [minDrop, setMinDrop] = useState(String(alert?.min_drop_pt ?? 0));
  const path = sitePath(ctx.site.id, `/alerts/${encodeURIComponent(journeyId)}`);
  const form = useWebhookForm(path, { schema: alertSchema, reload, removed: 'Alert removed.', onRemoved: () => setWebhook('') });
  const { action, notice } = form;
  const save = (e: Event) => form.save(e, { webhook: webhook.trim(), min_drop_pt: Number(minDrop) || 0 });
  // Yesterday's check now (sent to the webhook if something fell), as the schedule would run it.
  const check = () =>
    form.run(async () => {
      const r = await request(`${path}/check`, alertOutcomeSchema, { method: 'POST' });
      reload();
      return `${r.day}: ${OUTCOME_WORDS[r.outcome]} — ${r.detail}.`;
    });
  const last = alert?.last_check;
  return (
    <form class="card form" onSubmit={save} aria-label="Alert" data-journey-alert={journeyId}>
      <h3>Alert when a stage falls</h3>
      <p class="muted">
        Each day, once it is over, Waymark compares it with the same weekday a week before. When a stage converts significantly worse (p &lt; 0.05), a message with the
        stages that fell and the segments behind them is posted to this webhook (Slack, Mattermost, Discord, or any URL that takes JSON).
      </p>
      <WebhookField name="alert-webhook" value={webhook} set={setWebhook} />
      <label>
        Only falls of at least <span class="muted">(points of conversion; 0: any significant fall)</span>
        <input name="alert-min-drop" inputMode="decimal" value={minDrop} onInput={(e) => setMinDrop(e.currentTarget.value)} />
      </label>
      <WebhookActions form={form} exists={alert !== undefined} testData="data-alert-test">
        <button type="button" disabled={action.busy} onClick={check} data-alert-check>
          Check yesterday now
        </button>
      </WebhookActions>
      {last && (
        <p class="muted" data-alert-last>
          Last check: {last.day}, {OUTCOME_WORDS[last.outcome]}{last.outcome === 'failed' ? ' (tried again at the next check)' : ''} — {last.detail}
        </p>
      )}
      <FormStatus notice={notice} error={action.error} />
    </form>
  );
}
