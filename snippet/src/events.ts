/**
 * Custom events and identify. Prop values are coerced to strings (`{ qty: 2 }` → "2"): the
 * contract is string→string, and the collector rejects rather than guesses.
 */
import { send } from './send.js';

export interface TrackOptions {
  props?: Record<string, unknown>;
  revenue?: number;
}

export const track = (name: string, o?: TrackOptions): void => {
  const p = o?.props;
  let props: Record<string, string> | undefined;
  if (p) {
    props = {};
    for (const k in p) props[k] = '' + p[k];
  }
  send('event', { name, props, revenue: o?.revenue });
};

/**
 * `waymark('identify', 'user-42')`: links this visitor id to a user id. Only the identify event
 * carries it (the collector links the visitor's other events through it), so nothing is kept.
 */
export const identify = (user: string): void => send('identify', { user });
