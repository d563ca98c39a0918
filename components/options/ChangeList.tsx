// Each changed attribute of one user: its Zoho field, the value before and the value after. A
// description list, with "before" and "after" in words for a screen reader ("Designation: before
// Engineer, after Senior engineer") where the eye sees an arrow. Values are text, never markup, and
// each sits in its own <bdi> so a right-to-left override inside one cannot turn the line around.
import { attributeLabel, shortPath, valueText } from './attributes';

export interface ShownChange {
  path: string;
  before?: string | boolean;
  after?: string | boolean;
}

function Value({ value }: { value: string | boolean | undefined }) {
  const empty = value === undefined || value === '';
  return <bdi class={empty ? 'muted' : 'change-value'}>{valueText(value)}</bdi>;
}

/** "Engineer → Senior engineer" to the eye, "before: Engineer, after: Senior engineer" to a screen reader. */
export function BeforeAfter({ before, after }: { before: string | boolean | undefined; after: string | boolean | undefined }) {
  return (
    <>
      <span class="visually-hidden">before: </span>
      <Value value={before} />
      <span aria-hidden="true"> → </span>
      <span class="visually-hidden">, after: </span>
      <Value value={after} />
    </>
  );
}

export function ChangeList({ changes, created = false }: { changes: readonly ShownChange[]; created?: boolean }) {
  const list = (
    <dl class="changes">
      {changes.map((c) => (
        <div key={c.path}>
          <dt>
            {attributeLabel(c.path)}
            <code class="path" title={c.path}>
              {shortPath(c.path)}
            </code>
          </dt>
          <dd>{created ? <Value value={c.after} /> : <BeforeAfter before={c.before} after={c.after} />}</dd>
        </div>
      ))}
    </dl>
  );
  // A new user's every attribute is "after": folded, as the list is long and has no "before".
  if (created) {
    return (
      <details class="changes-created">
        <summary>
          {changes.length} {changes.length === 1 ? 'attribute' : 'attributes'} sent
        </summary>
        {list}
      </details>
    );
  }
  return list;
}
