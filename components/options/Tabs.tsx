// A WAI-ARIA tablist with automatic activation: arrow keys move focus and selection along the
// tabs (wrapping), Home and End jump to the ends. The selected tab lives in location.hash, so a
// reload or a shared link opens the same tab. Every panel stays mounted (hidden when not shown),
// so unsaved edits survive a visit to another tab.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface TabSpec<Id extends string> {
  id: Id;
  label: string;
  render: (active: boolean) => ComponentChildren;
}

function fromHash<Id extends string>(ids: readonly Id[]): Id | undefined {
  const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
  return ids.find((id) => id === hash);
}

export function Tabs<Id extends string>({ tabs, label }: { tabs: readonly TabSpec<Id>[]; label: string }) {
  const ids = tabs.map((t) => t.id);
  const [selected, setSelected] = useState<Id>(() => fromHash(ids) ?? ids[0]!);
  const refs = useRef(new Map<Id, HTMLButtonElement>());

  useEffect(() => {
    const onHash = () => {
      const id = fromHash(ids);
      if (id) setSelected(id);
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
    // The tab ids are fixed for the page's life: subscribe once.
  }, []);

  const select = (id: Id, focus: boolean) => {
    setSelected(id);
    // replaceState: the hash keeps the tab across a reload without a history entry per click.
    history.replaceState(null, '', `#${id}`);
    if (focus) refs.current.get(id)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const at = ids.indexOf(selected);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % ids.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + ids.length) % ids.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? ids.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    select(ids[to]!, true);
  };

  return (
    <>
      <div class="tablist" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === selected}
            aria-controls={`panel-${t.id}`}
            tabIndex={t.id === selected ? 0 : -1}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            onClick={() => select(t.id, false)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <section
          key={t.id}
          role="tabpanel"
          id={`panel-${t.id}`}
          aria-labelledby={`tab-${t.id}`}
          tabIndex={0}
          hidden={t.id !== selected}
          class="tabpanel"
        >
          {t.render(t.id === selected)}
        </section>
      ))}
    </>
  );
}
