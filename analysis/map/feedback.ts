/**
 * Feedback scores (DESIGN: events named `feedback` with a numeric `score` property). Numeric means
 * decimal digits with an optional sign and fraction, at most 6 integer digits ("4", "-1", "3.5");
 * anything else is ignored. Scores are summed in millionths, rounded half up, on both sides.
 */
import type { EventRow } from '../../collector/schema/event.js';

export const FEEDBACK_EVENT = 'feedback';
export const SCORE_RE = '^-?[0-9]{1,6}(\\.[0-9]+)?$';
const scoreRe = new RegExp(SCORE_RE);

/** SQL over `e`: 1 for a feedback event with a numeric score. Needs the {fb_re:String} parameter. */
export const FEEDBACK_FLAG_SQL = `toUInt8(e.type = 'event' AND e.name = '${FEEDBACK_EVENT}' AND match(e.props['score'], {fb_re:String}))`;
/** SQL over `e`: the score in millionths (0 when not a feedback event). */
export const FEEDBACK_SCORE_SQL = `if(${FEEDBACK_FLAG_SQL} = 1, toInt64(floor(toFloat64OrZero(e.props['score']) * 1000000 + 0.5)), toInt64(0))`;
export const feedbackParams = { fb_re: SCORE_RE };

/** The score in millionths, or null when the row is not a feedback event with a numeric score. */
export function feedbackScore(r: EventRow): number | null {
  if (r.type !== 'event' || r.name !== FEEDBACK_EVENT) return null;
  const s = Object.hasOwn(r.props, 'score') ? r.props.score! : '';
  return scoreRe.test(s) ? Math.floor(Number(s) * 1_000_000 + 0.5) : null;
}
