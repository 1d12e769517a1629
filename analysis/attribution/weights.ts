/**
 * Model weights for one conversion over its m touches (sessions, oldest first), as pure
 * TypeScript — the SQL twin is in sql.ts. Credits are rounded with floor(x + 0.5) on both sides.
 *  - first touch: all to touch 1; last non-direct: all to the last touch whose channel is not
 *    "Direct" (the last touch if all are Direct); linear: 1/m each;
 *  - position-based: 1 touch 100 %, 2 touches 50/50, else 40 % first, 40 % last, 20 % shared by
 *    the middle; time-decay: 2^(−age/half-life) normalized, age = conversion − session start.
 */
import { HALF_LIFE_MS } from './schema.js';

export const DIRECT = 'Direct';

export function modelWeights(channels: readonly string[], ages: readonly number[]): number[][] {
  const m = channels.length;
  let lnd = m - 1;
  for (let j = m - 1; j >= 0; j--) {
    if (channels[j] !== DIRECT) {
      lnd = j;
      break;
    }
  }
  const decay = ages.map((a) => 2 ** (-a / HALF_LIFE_MS));
  const total = decay.reduce((s, d) => s + d, 0);
  return channels.map((_, j) => [
    j === 0 ? 1 : 0,
    j === lnd ? 1 : 0,
    1 / m,
    m === 1 ? 1 : m === 2 ? 0.5 : j === 0 || j === m - 1 ? 0.4 : 0.2 / (m - 2),
    decay[j]! / total,
  ]);
}

