/**
 * Accessibility: every view of the dashboard, in the light and the dark scheme, and the sign-in
 * page pass axe-core's WCAG 2.1 A and AA rules (names of controls, contrast, landmarks, ARIA…).
 * Chart canvases are not inspected by axe; their text colours come from the same variables.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../analysis/common/time.js';
import { visitorsResultSchema } from '../../analysis/visitors/schema.js';
import { openDashboard, settled, useDashboard, useTab } from './dashboard-helpers.js';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const d = useDashboard();
const tab = useTab(d);

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe's WCAG 2.1 A/AA violations on the page as it is (its source run by the test, not the page: the CSP stays strict). */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(() =>
    (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations),
  )) as Violation[];
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}): ${n.target.join(' ')} — ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`));
}

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  const views = (person: string) => [
    '/overview?site=demo&bounce_why=1',
    '/journeys?site=demo',
    '/journeys/checkout/map?site=demo',
    '/journeys/checkout/edit?site=demo',
    '/funnel?site=demo&journey=checkout&changes=1',
    '/funnel?site=demo&journey=checkout&breakdown=device',
    '/paths?site=demo',
    '/sources?site=demo&journey=checkout',
    '/retention?site=demo',
    '/pages?site=demo',
    '/people?site=demo',
    `/people/${encodeURIComponent(person)}?site=demo`,
    '/sites?site=demo',
  ];

  for (const scheme of ['light', 'dark'] as const) {
    it(`every view in the ${scheme} scheme`, async () => {
      const { page } = tab;
      const today = new Date().toISOString().slice(0, 10);
      const people = await d.get(`/api/sites/demo/visitors?from=${addDays(today, -60)}&to=${today}&limit=1`, visitorsResultSchema);
      await page.emulateMedia({ colorScheme: scheme });
      const found: string[] = [];
      try {
        for (const path of views(people.people[0]!.person)) {
          await page.goto(`${d.url}${path}`);
          await settled(page);
          found.push(...(await violations(page)).map((v) => `${path}: ${v}`));
        }
      } finally {
        await page.emulateMedia({ colorScheme: 'light' });
      }
      expect(found).toEqual([]);
    });
  }

  it('the sign-in page, in both schemes', async () => {
    const signedOut = await openDashboard(d, { signedIn: false });
    try {
      const found: string[] = [];
      for (const scheme of ['light', 'dark'] as const) {
        await signedOut.page.emulateMedia({ colorScheme: scheme });
        await signedOut.page.goto(`${d.url}/overview`);
        await signedOut.page.waitForSelector('input[type=password], input[name=token]');
        found.push(...(await violations(signedOut.page)).map((v) => `${scheme}: ${v}`));
      }
      expect(found).toEqual([]);
    } finally {
      await signedOut.close();
    }
  });
});
