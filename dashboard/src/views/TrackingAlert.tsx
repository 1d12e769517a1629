/**
 * A site's tracking alert, in the Sites view (admin only, as the API): the webhook told when the
 * site's events stop while the same hours a week before had traffic, and when they are back.
 */
import { useState } from 'preact/hooks';
import { trackingAlertResponse, trackingAlertSchema, type TrackingAlert as Alert } from '../../../analysis/alerts/schema.js';
import { request, sitePath } from '../api.js';
import { useApi } from '../use-api.js';
import { FormStatus } from '../components/FormStatus.js';
import { WebhookActions, WebhookField, useWebhookForm } from '../components/webhook-form.js';

export function TrackingAlert({ site }: { site: string }) {
  const url = sitePath(site, '/tracking-alert');
  const state = useApi(url, (signal) => request(url, trackingAlertResponse, { signal }));
  if (!state.data) return null;
  return <Form key={site} url={url} alert={state.data.alert} reload={state.reload} />;
}

function Form({ url, alert, reload }: { url: string; alert: Alert | null; reload: () => void }) {
  const [webhook, setWebhook] = useState(alert?.webhook ?? '');
  const [hours, setHours] = useState(String(alert?.quiet_hours ?? 3));
  const form = useWebhookForm(url, { schema: trackingAlertSchema, reload, removed: 'Tracking alert removed.', onRemoved: () => setWebhook('') });
  const { action, notice } = form;
  const save = (e: Event) => form.save(e, { webhook: webhook.trim(), quiet_hours: Number(hours) });
  const told = alert?.state;
  return (
    <form class="card form" onSubmit={save} aria-label="Tracking alert" data-tracking-alert>
      <h3>Alert when events stop</h3>
      <p class="muted">
        Tells this webhook when no event has arrived for some hours while the same hours a week before brought traffic (the script dropped from a template, blocked
        by a new Content-Security-Policy…), and again when events are back. A small site’s quiet night is no outage.
      </p>
      <WebhookField name="tracking-webhook" value={webhook} set={setWebhook} />
      <label>
        After this many hours without events <span class="muted">(1–48)</span>
        <input name="tracking-hours" inputMode="numeric" value={hours} onInput={(e) => setHours(e.currentTarget.value)} />
      </label>
      <WebhookActions form={form} exists={alert !== null} testData="data-tracking-test" />
      {told && (
        <p class="muted" data-tracking-told>
          {told.told === 'stopped' ? `Told that events stopped after ${told.last_event} UTC.` : `Told that events were back (after the silence from ${told.last_event} UTC).`}
        </p>
      )}
      <FormStatus notice={notice} error={action.error} />
    </form>
  );
}
