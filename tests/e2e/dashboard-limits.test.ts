/**
 * An analysis past the server's query limits (WAYMARK_QUERY_MEMORY_MB, here 1 MB) in a real
 * browser: the view says what happened and what to change, the realtime strip shows "—" instead of
 * loading forever, and nothing else breaks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, settled, useDashboard, useTab } from './dashboard-helpers.js';

const d = useDashboard({ demo: { visitors: 40, days: 2 }, env: { WAYMARK_QUERY_MEMORY_MB: '1' } });
const tab = useTab(d);

beforeAll(() => tab.allow(/status of 503/));

describe('an analysis past its memory limit', () => {
  it('shows its message and a retry, and the realtime strip gives up', async () => {
    const { page } = tab;
    await page.goto(`${d.url}/overview?site=demo`);
    await settled(page);
    await page.waitForSelector('.main [role=alert]');
    const alert = await page.textContent('.main [role=alert]');
    expect(alert).toContain('(analysis_too_large)');
    expect(alert).toContain('This analysis needs more than the 1 MB one query may use');
    expect(alert).toContain('WAYMARK_QUERY_MEMORY_MB');
    expect(await page.isVisible('.main [role=alert] button')).toBe(true);
    await page.waitForFunction(() => document.querySelector('[data-realtime-visitors]')?.textContent === '—');
    expect(await page.getAttribute('[data-realtime-visitors]', 'title')).toContain('1 MB');
    await screenshot(page, 'overview-limit');
  });
});
