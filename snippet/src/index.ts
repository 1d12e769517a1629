/**
 * Script-tag entry (IIFE): `<script defer src="https://HOST/js/waymark.js" data-site="shop"></script>`.
 * Settings are the tag's data- attributes; the endpoint defaults to the script's origin + /api/event.
 * Defines no global but `waymark`.
 */
import { doc } from './dom.js';
import { init } from './init.js';
import { installQueue } from './queue.js';
import { safe } from './safe.js';

safe(() => {
  const s = doc.currentScript as HTMLScriptElement; // set for classic scripts, defer/async included
  init(s.dataset, s.src);
  installQueue();
})();
