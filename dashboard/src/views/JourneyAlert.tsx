/**
 * A journey's alert, under its editor (admin only, as the API): the webhook told when a stage
 * converts significantly worse on a day than on the same weekday a week before, the least fall
 * worth a message, a test message, and what the newest check found.
 */
import { alertSchema, alertsResponse, type Alert } from '../../../analysis/alerts/schema.js';
import { request, sitePath } from '../api.js';
import type { Ctx } from '../context.js';
import { useApi } from '../use-api.js';
import { DailyAlertForm } from '../components/DailyAlertForm.js';

export function JourneyAlert({ ctx, journeyId }: { ctx: Ctx; journeyId: string }) {
  const url = sitePath(ctx.site.id, '/alerts');
  const list = useApi(url, (signal) => request(url, alertsResponse, { signal }));
  if (!list.data) return null;
  const alert = list.data.alerts.find((a) => a.journey === journeyId);
  return <AlertForm key={journeyId} ctx={ctx} journeyId={journeyId} alert={alert} reload={list.reload} />;
}

function AlertForm({ ctx, journeyId, alert, reload }: { ctx: Ctx; journeyId: string; alert: Alert | undefined; reload: () => void }) {
  return (
    <DailyAlertForm
      path={sitePath(ctx.site.id, `/alerts/${encodeURIComponent(journeyId)}`)}
      alert={alert && { webhook: alert.webhook, min: alert.min_drop_pt, last_check: alert.last_check }}
      minKey="min_drop_pt"
      schema={alertSchema}
      reload={reload}
      title="Alert when a stage falls"
      about={
        <>
          Each day, once it is over, Waymark compares it with the same weekday a week before. When a stage converts significantly worse (p &lt; 0.05), a message with the
          stages that fell and the segments behind them is posted to this webhook (Slack, Mattermost, Discord, or any URL that takes JSON).
        </>
      }
      minLabel={
        <>
          Only falls of at least <span class="muted">(points of conversion; 0: any significant fall)</span>
        </>
      }
      prefix="alert"
      minName="alert-min-drop"
      formData={{ 'data-journey-alert': journeyId }}
      quiet="nothing fell"
    />
  );
}
