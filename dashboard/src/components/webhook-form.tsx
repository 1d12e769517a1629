/**
 * What an alert's form does and shows (JourneyAlert, TrackingAlert, Summary): save its body by PUT, send a
 * test message, remove it, each saying what happened in one notice or the server's refusal; its
 * webhook field and its buttons.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import { webhookTestSchema, type AlertOutcome } from '../../../analysis/alerts/schema.js';
import { request, requestVoid } from '../api.js';
import { useAction } from '../use-action.js';

export function useWebhookForm(path: string, opts: { schema: z.ZodType; reload: () => void; removed: string; onRemoved: () => void }) {
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  const run = (work: () => Promise<string>) =>
    void action.run(async () => {
      setNotice(undefined);
      setNotice(await work());
    });
  return {
    action,
    notice,
    run,
    save: (e: Event, body: unknown) => {
      e.preventDefault();
      run(async () => {
        await request(path, opts.schema, { method: 'PUT', body });
        opts.reload();
        return 'Saved.';
      });
    },
    test: () =>
      run(async () => {
        const r = await request(`${path}/test`, webhookTestSchema, { method: 'POST' });
        return r.delivered ? `Test message delivered (${r.detail}).` : `Not delivered: ${r.detail}.`;
      }),
    remove: () =>
      run(async () => {
        await requestVoid(path, { method: 'DELETE' });
        opts.onRemoved();
        opts.reload();
        return opts.removed;
      }),
  };
}

/** A day's check outcome in words. */
export const OUTCOME_WORDS: Record<AlertOutcome['outcome'], string> = { quiet: 'nothing fell', sent: 'sent', failed: 'not delivered' };

export function WebhookField({ name, value, set }: { name: string; value: string; set: (v: string) => void }) {
  return (
    <label>
      Webhook URL
      <input name={name} type="url" value={value} placeholder="https://hooks.slack.com/services/…" onInput={(e) => set(e.currentTarget.value)} spellcheck={false} />
    </label>
  );
}

/** Save (or turn on), and for an alert that exists: send a test (`testData` names its button for tests), `children`, remove. */
export function WebhookActions({ form, exists, testData, noun = 'alert', children }: { form: ReturnType<typeof useWebhookForm>; exists: boolean; testData: string; noun?: string; children?: ComponentChildren }) {
  const busy = form.action.busy;
  return (
    <div class="form-actions">
      <button type="submit" disabled={busy}>
        {exists ? `Save ${noun}` : `Turn on ${noun}`}
      </button>
      {exists && (
        <>
          <button type="button" disabled={busy} onClick={form.test} {...{ [testData]: true }}>
            Send a test message
          </button>
          {children}
          <button type="button" class="danger" disabled={busy} onClick={form.remove}>
            {noun === 'alert' ? 'Remove alert' : `Turn off ${noun}`}
          </button>
        </>
      )}
    </div>
  );
}
