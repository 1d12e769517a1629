/** ClickHouse's Array(String) order, shared by the paths reference and finalize. */
import { cmpStr } from '../common/order.js';

/** Element-wise in ClickHouse string order; a prefix comes first. */
export function cmpSteps(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cmpStr(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
