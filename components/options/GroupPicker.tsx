// The JumpCloud groups to sync: a checkbox per group, by name, narrowed by a search box. Group
// names come from JumpCloud and are shown as text only.
import { useState } from 'preact/hooks';
import { FieldErrors } from './Field';
import { errorId, fieldId } from './issues';
import { Notice } from './Notice';

export type GroupsState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; list: { id: string; name: string }[] }
  | { state: 'failed'; error: string; hint?: string };

interface GroupPickerProps {
  path: string;
  groups: GroupsState;
  selected: readonly string[];
  errors?: readonly string[];
  onChange: (ids: string[]) => void;
  onRetry: () => void;
}

export function GroupPicker({ path, groups, selected, errors, onChange, onRetry }: GroupPickerProps) {
  const [filter, setFilter] = useState('');
  const chosen = new Set(selected);
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));

  return (
    <fieldset class="group-picker" aria-describedby={errors?.length ? errorId(path) : undefined}>
      <legend>JumpCloud groups to sync</legend>
      {errors?.length ? <FieldErrors path={path} errors={errors} /> : null}
      {(groups.state === 'idle' || groups.state === 'loading') && (
        <p class="hint" role="status">
          Loading the groups from JumpCloud…
        </p>
      )}
      {groups.state === 'failed' && (
        <>
          <Notice value={{ kind: 'error', error: `The groups could not be loaded: ${groups.error}`, hint: groups.hint }} />
          <button type="button" onClick={onRetry}>
            Load the groups again
          </button>
        </>
      )}
      {groups.state === 'ready' && <GroupList list={groups.list} chosen={chosen} filter={filter} setFilter={setFilter} path={path} toggle={toggle} />}
    </fieldset>
  );
}

interface GroupListProps {
  list: { id: string; name: string }[];
  chosen: Set<string>;
  filter: string;
  path: string;
  setFilter: (f: string) => void;
  toggle: (id: string, on: boolean) => void;
}

function GroupList({ list, chosen, filter, path, setFilter, toggle }: GroupListProps) {
  const needle = filter.trim().toLocaleLowerCase();
  const shown = needle ? list.filter((g) => g.name.toLocaleLowerCase().includes(needle)) : list;
  const known = new Set(list.map((g) => g.id));
  const missing = [...chosen].filter((id) => !known.has(id));
  const countId = `${fieldId(path)}-count`;
  return (
    <>
      <div class="field">
        <label for={fieldId(path)}>Filter groups</label>
        <input
          id={fieldId(path)}
          type="search"
          value={filter}
          aria-describedby={countId}
          placeholder="Part of a group name"
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
      </div>
      <p class="hint" id={countId} aria-live="polite">
        {chosen.size} of {list.length} groups selected
        {needle ? `; ${shown.length} ${shown.length === 1 ? 'group matches' : 'groups match'} the filter` : ''}.
      </p>
      {list.length === 0 && <p>This JumpCloud organization has no user groups.</p>}
      {shown.length > 0 && (
        <ul class="checklist">
          {shown.map((g) => (
            <li key={g.id}>
              <label class="choice">
                <input type="checkbox" checked={chosen.has(g.id)} onChange={(e) => toggle(g.id, e.currentTarget.checked)} />
                <span>{g.name}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {missing.length > 0 && (
        <>
          <p class="hint">Chosen before, but no longer in JumpCloud (untick to forget them):</p>
          <ul class="checklist">
            {missing.map((id) => (
              <li key={id}>
                <label class="choice">
                  <input type="checkbox" checked onChange={() => toggle(id, false)} />
                  <span>
                    Deleted group <code>{id}</code>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
