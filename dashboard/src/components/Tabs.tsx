/** A card with tabs (e.g. channels / sources / campaigns): one table visible at a time. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export function Tabs({ tabs, name }: { name: string; tabs: { id: string; label: string; render: () => ComponentChildren }[] }) {
  const [active, setActive] = useState(tabs[0]?.id);
  const tab = tabs.find((t) => t.id === active) ?? tabs[0];
  return (
    <div class="tabbed" data-tabs={name}>
      <div class="tab-row" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={t.id === tab?.id} class={t.id === tab?.id ? 'active' : ''} onClick={() => setActive(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      {tab?.render()}
    </div>
  );
}
