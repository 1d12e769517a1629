/** Raw attribution sums (millionths, SQL or reference) → the result. */
import { cmpStr } from '../common/order.js';
import { MICRO, fromMicro } from '../common/money.js';
import { MODELS, type AttributionParams, type AttributionRaw, type AttributionResult } from './schema.js';

const LINEAR = MODELS.indexOf('linear');

export function finalizeAttribution(raw: readonly AttributionRaw[], p: AttributionParams): AttributionResult {
  const total = raw.find((r) => r.kind === 'total');
  const channels = raw
    .filter((r) => r.kind === 'channel')
    .sort((a, b) => b.conversions[LINEAR]! - a.conversions[LINEAR]! || cmpStr(a.channel, b.channel))
    .slice(0, p.limit)
    .map((r) => {
      const credit = (m: number) => ({ conversions: fromMicro(r.conversions[m]!), revenue: fromMicro(r.revenue[m]!) });
      return {
        channel: r.channel,
        first_touch: credit(0),
        last_non_direct: credit(1),
        linear: credit(2),
        position_based: credit(3),
        time_decay: credit(4),
      };
    });
  return {
    unit: 'visitor',
    lookback_days: p.lookback_days,
    models: [...MODELS],
    conversions: total ? Math.round(total.conversions[0]! / MICRO) : 0,
    revenue: total ? fromMicro(total.revenue[0]!) : 0,
    channels,
  };
}
