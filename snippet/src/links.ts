/**
 * Outbound links and downloads, as events `outbound` / `download` with props {url}.
 * No navigation delay is needed: fetch keepalive survives the page being left.
 * The protocol test also skips SVG <a> (no .protocol) and mailto:/tel: links.
 */
import { extensions } from './config.js';
import { loc } from './dom.js';
import { track } from './events.js';
import { cfg } from './send.js';

export const link = (a: HTMLAnchorElement | null): void => {
  const name =
    /^http/.test(a?.protocol!) &&
    (extensions(cfg.downloadExtensions).test(a!.pathname) ? 'download' : a!.host != loc.host && 'outbound');
  if (name) track(name, { props: { url: a!.href } });
};
