/** POSTs an alert's JSON to its webhook: delivered on a 2xx within the time limit, else why not. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export async function postWebhook(url: string, body: unknown, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Waymark-Alerts' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await res.body?.cancel();
    return res.ok ? { ok: true, detail: `HTTP ${res.status}` } : { ok: false, detail: `the webhook answered HTTP ${res.status}` };
  } catch (err) {
    const why = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    return { ok: false, detail: `the webhook could not be reached: ${why}` };
  }
}
