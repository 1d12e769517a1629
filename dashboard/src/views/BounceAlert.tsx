/**
 * A site's bounce alert, in the Sites view (admin only, as the API): the webhook told when a day's
 * bounce rate rose significantly against the same weekday a week before.
 */
import { bounceAlertResponse, bounceAlertSchema } from '../../../analysis/alerts/schema.js';
import { request, sitePath } from '../api.js';
import { useApi } from '../use-api.js';
import { DailyAlertForm } from '../components/DailyAlertForm.js';

export function BounceAlert({ site }: { site: string }) {
  const url = sitePath(site, '/bounce-alert');
  const state = useApi(url, (signal) => request(url, bounceAlertResponse, { signal }));
  if (!state.data) return null;
  const a = state.data.alert;
  return (
    <DailyAlertForm
      key={site}
      path={url}
      alert={a ? { webhook: a.webhook, min: a.min_rise_pt, last_check: a.last_check } : undefined}
      minKey="min_rise_pt"
      schema={bounceAlertSchema}
      reload={state.reload}
      title="Alert when the bounce rate rises"
      about="Each day, once it is over, its bounce rate is compared with the same weekday a week before. A significant rise (p < 0.05) — a broken landing page, a campaign sending the wrong people — is posted to this webhook with the entry pages and segments behind it."
      minLabel={
        <>
          Only rises of at least <span class="muted">(points; 0: any significant rise)</span>
        </>
      }
      prefix="bounce"
      minName="bounce-min-rise"
      formData={{ 'data-bounce-alert': true }}
      quiet="no rise"
    />
  );
}
