/**
 * A daily alert's form (a journey's stages, a site's bounce rate): its webhook, the least change
 * worth a message, a test message, yesterday's check on demand, and what the newest check found.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import { alertOutcomeSchema, type AlertCheck } from '../../../analysis/alerts/schema.js';
import { request } from '../api.js';
import { FormStatus } from './FormStatus.js';
import { OUTCOME_WORDS, WebhookActions, WebhookField, useWebhookForm } from './webhook-form.js';

export interface DailyAlert {
  webhook: string;
  min: number;
  last_check: AlertCheck | null;
}

export function DailyAlertForm(p: {
  path: string;
  alert: DailyAlert | undefined;
  /** The body's field for the least change, in points. */
  minKey: string;
  schema: z.ZodType;
  reload: () => void;
  title: string;
  about: ComponentChildren;
  minLabel: ComponentChildren;
  /** Names the form's fields and buttons for tests: `${prefix}-webhook`, data-`${prefix}`-test, -check, -last. */
  prefix: string;
  minName: string;
  formData: Record<string, string | true>;
  /** A quiet day in words: "nothing fell", "no rise". */
  quiet: string;
}) {
  const words = { ...OUTCOME_WORDS, quiet: p.quiet };
  const [webhook, setWebhook] = useState(p.alert?.webhook ?? '');
  const [min, setMin] = useState(String(p.alert?.min ?? 0));
  const form = useWebhookForm(p.path, { schema: p.schema, reload: p.reload, removed: 'Alert removed.', onRemoved: () => setWebhook('') });
  const { action, notice } = form;
  const save = (e: Event) => form.save(e, { webhook: webhook.trim(), [p.minKey]: Number(min) || 0 });
  // Yesterday's check now (sent to the webhook if it found something), as the schedule would run it.
  const check = () =>
    form.run(async () => {
      const r = await request(`${p.path}/check`, alertOutcomeSchema.pick({ day: true, outcome: true, detail: true }), { method: 'POST' });
      p.reload();
      return `${r.day}: ${words[r.outcome]} — ${r.detail}.`;
    });
  const last = p.alert?.last_check;
  return (
    <form class="card form" onSubmit={save} aria-label={p.title} {...p.formData}>
      <h3>{p.title}</h3>
      <p class="muted">{p.about}</p>
      <WebhookField name={`${p.prefix}-webhook`} value={webhook} set={setWebhook} />
      <label>
        {p.minLabel}
        <input name={p.minName} inputMode="decimal" value={min} onInput={(e) => setMin(e.currentTarget.value)} />
      </label>
      <WebhookActions form={form} exists={p.alert !== undefined} testData={`data-${p.prefix}-test`}>
        <button type="button" disabled={action.busy} onClick={check} {...{ [`data-${p.prefix}-check`]: true }}>
          Check yesterday now
        </button>
      </WebhookActions>
      {last && (
        <p class="muted" {...{ [`data-${p.prefix}-last`]: true }}>
          Last check: {last.day}, {words[last.outcome]}
          {last.outcome === 'failed' ? ' (tried again at the next check)' : ''} — {last.detail}
        </p>
      )}
      <FormStatus notice={notice} error={action.error} />
    </form>
  );
}
