/**
 * Budgets per minute (rate-limit.ts) restart when the wall-clock minute turns. A test that spends
 * one and expects the refusal must not straddle that moment: this waits it out when it is near.
 */
export async function awayFromMinuteTurn(marginMs = 5_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
}
