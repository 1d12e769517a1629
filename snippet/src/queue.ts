/**
 * The global `waymark(command, ...)` of the script-tag build. Calls made before the script loaded
 * were queued by the stub `window.waymark = window.waymark || function(){(waymark.q=waymark.q||[]).push(arguments)}`
 * and are replayed here, after the first page view so they arrive in order.
 *   waymark('event', 'add_to_cart', { props: { sku: 'A1' }, revenue: 19.9 })
 *   waymark('identify', 'user-42')
 */
import { identify, track } from './events.js';
import { safe } from './safe.js';

type Api = ((...a: any[]) => void) & { q?: ArrayLike<unknown>[] };

export const installQueue = (): void => {
  const w = window as unknown as { waymark?: Api };
  const q = w.waymark?.q;
  const api: Api = (w.waymark = safe((cmd: string, a: any, b: any) =>
    cmd == 'event' ? track(a, b) : cmd == 'identify' && identify(a),
  ));
  if (q) for (const args of q) api(...(args as unknown[]));
};
