import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contentEventId } from '../../../collector/ingest/content-id.js';
import { importEventSchema, type ImportEvent } from '../../../collector/schema/event.js';

const base = importEventSchema.parse({
  site: 'shop',
  type: 'event',
  name: 'add_to_cart',
  url: 'https://shop.example/p/1',
  visitor: 'v1',
  ts: Date.UTC(2026, 0, 15),
  props: { sku: 'A1', size: 'M' },
});

describe('contentEventId', () => {
  it('is a UUID (version 8, RFC variant) that the events table and the schema accept', () => {
    const id = contentEventId(base);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('8');
    expect('89ab').toContain(id[19]);
  });

  it('is the same for the same event, whatever the order of its keys and props', () => {
    const reordered = { props: { size: 'M', sku: 'A1' }, ts: base.ts, visitor: 'v1', url: base.url, name: base.name, type: base.type, site: 'shop' } as ImportEvent;
    expect(contentEventId(reordered)).toBe(contentEventId(base));
    expect(contentEventId({ ...base, ip: undefined })).toBe(contentEventId(base));
  });

  it.each<[string, Partial<ImportEvent>]>([
    ['site', { site: 'blog' }],
    ['visitor', { visitor: 'v2' }],
    ['time', { ts: base.ts + 1 }],
    ['page', { url: 'https://shop.example/p/2' }],
    ['name', { name: 'purchase' }],
    ['a prop value', { props: { sku: 'A1', size: 'L' } }],
    ['a prop more', { props: { sku: 'A1', size: 'M', color: 'red' } }],
    ['revenue', { revenue: 10 }],
    ['the client named', { ua: 'Mozilla/5.0' }],
  ])('differs when the %s differs', (_, over) => {
    expect(contentEventId({ ...base, ...over })).not.toBe(contentEventId(base));
  });
});
