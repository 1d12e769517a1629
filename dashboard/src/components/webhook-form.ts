/**
 * What an alert's form does (JourneyAlert, TrackingAlert): save its body by PUT, send a test
 * message, remove it; each saying what happened in one notice, or the server's refusal.
 */
import { useState } from 'preact/hooks';
import { z } from 'zod';
import { request, requestVoid } from '../api.js';
import { useAction } from '../use-action.js';

const testAnswer = z.object({ delivered: z.boolean(), detail: z.string() });

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
        const r = await request(`${path}/test`, testAnswer, { method: 'POST' });
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
