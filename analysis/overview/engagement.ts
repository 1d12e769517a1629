/**
 * DESIGN's engaged session: ≥ 2 page views, or any custom event, or ≥ 10 s engaged time (summed
 * over the session's events, engagement events included). A bounce is a session that is not
 * engaged (GA4's definition).
 */
export const ENGAGED_SESSION_MS = 10_000;

export function isBounce(s: { pageviews: number; customEvents: number; engagedMs: number }): boolean {
  return !(s.pageviews >= 2 || s.customEvents >= 1 || s.engagedMs >= ENGAGED_SESSION_MS);
}
