import { expect } from 'vitest';

/**
 * What every answer to generated or hostile input must be: never a 5xx, and a 4xx is JSON
 * `{error:{code,message}}` with a machine-readable code and no stack trace. With `refused`, the
 * answer must be such a 4xx. `what` (the input) labels a failure. Returns the status.
 */
export async function expectCleanAnswer(res: Response, what: string, opts: { refused?: boolean } = {}): Promise<number> {
  const text = await res.text();
  const label = `${what.slice(0, 300)} → ${text.slice(0, 300)}`;
  if (opts.refused) expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) {
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(body.error.code, label).toMatch(/^[a-z_]+$/);
    expect(body.error.message, label).not.toMatch(/\n\s+at /); // no stack traces
  }
  return res.status;
}
