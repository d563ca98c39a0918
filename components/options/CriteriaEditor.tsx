// Zoho's Sync Criteria: all users, or users matching numbered rules combined by AND, OR or a
// pattern such as "(1 AND 2) OR 3". A rule tests a JumpCloud field, a custom attribute (by its
// case-sensitive name) or membership of a JumpCloud group.
import { JUMPCLOUD_FIELDS, type JumpCloudField } from '@/lib/config/fields';
import { RELATIONS, type CriteriaRule } from '@/lib/config/schema';
import { FieldErrors } from './Field';
import type { GroupsState } from './GroupPicker';
import { errorId, fieldId } from './issues';
import { jumpcloudFieldText, MEMBER_RELATION_LABELS, RELATION_LABELS } from './labels';
import { RadioGroup } from './RadioGroup';

export interface RuleDraft {
  key: number;
  /** "field:department", "attribute" or "memberOf". */
  subject: string;
  attribute: string;
  relation: CriteriaRule['relation'];
  value: string;
}

export type Combine = 'and' | 'or' | 'pattern';

export function ruleDraftOf(rule: CriteriaRule, key: number): RuleDraft {
  const s = rule.subject;
  return {
    key,
    subject: s.kind === 'field' ? `field:${s.field}` : s.kind,
    attribute: s.kind === 'attribute' ? s.name : '',
    relation: rule.relation,
    value: rule.value,
  };
}

export function ruleOf(draft: RuleDraft): CriteriaRule {
  const subject: CriteriaRule['subject'] =
    draft.subject === 'memberOf'
      ? { kind: 'memberOf' }
      : draft.subject === 'attribute'
        ? { kind: 'attribute', name: draft.attribute }
        : { kind: 'field', field: draft.subject.slice('field:'.length) as JumpCloudField };
  const needsValue = draft.relation !== 'isEmpty' && draft.relation !== 'isNotEmpty';
  return { subject, relation: draft.relation, value: needsValue ? draft.value : '' };
}

export const rulePath = (i: number, part: 'subject' | 'value') => `settings.criteria.rules.${i}.${part}`;

interface CriteriaEditorProps {
  mode: 'all' | 'match';
  rules: RuleDraft[];
  combine: Combine;
  pattern: string;
  groups: GroupsState;
  errorsAt: (path: string) => readonly string[] | undefined;
  onMode: (mode: 'all' | 'match') => void;
  onRules: (rules: RuleDraft[]) => void;
  onAddRule: () => void;
  onRemoveRule: (index: number) => void;
  onCombine: (combine: Combine) => void;
  onPattern: (pattern: string) => void;
}

export function CriteriaEditor(props: CriteriaEditorProps) {
  const { mode, rules, combine, pattern, groups, errorsAt } = props;
  const update = (i: number, change: Partial<RuleDraft>) => props.onRules(rules.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const rulesErrors = errorsAt('settings.criteria.rules');
  const patternErrors = errorsAt('settings.criteria.pattern');

  return (
    <div class="stack">
      <RadioGroup
        path="settings.criteria.mode"
        legend="Which users to sync"
        hint="Which JumpCloud users are synced. Staged users wait until they are activated, whatever the criteria."
        value={mode}
        onChange={props.onMode}
        options={[
          { value: 'all', label: 'All users' },
          { value: 'match', label: 'Users matching the criteria' },
        ]}
      />
      {mode === 'match' && (
        <div class="criteria">
          {rulesErrors && <FieldErrors path="settings.criteria.rules" errors={rulesErrors} />}
          <ol class="rules">
            {rules.map((r, i) => (
              <RuleRow key={r.key} rule={r} index={i} groups={groups} errorsAt={errorsAt} update={update} onRemove={props.onRemoveRule} />
            ))}
          </ol>
          <div class="actions">
            <button type="button" onClick={props.onAddRule} disabled={rules.length >= 50}>
              Add rule
            </button>
          </div>
          <RadioGroup
            path="settings.criteria.combine"
            legend="Combine the rules"
            value={combine}
            onChange={props.onCombine}
            options={[
              { value: 'and', label: 'AND: users matching every rule' },
              { value: 'or', label: 'OR: users matching any rule' },
              { value: 'pattern', label: 'A pattern of my own' },
            ]}
          />
          {combine === 'pattern' && (
            <div class={`field${patternErrors ? ' field-bad' : ''}`}>
              <label for={fieldId('settings.criteria.pattern')}>Pattern to be applied</label>
              <p class="hint" id={`${fieldId('settings.criteria.pattern')}-hint`}>
                Rule numbers with AND, OR and brackets, for example (1 AND 2) OR 3. AND binds tighter than OR.
              </p>
              {patternErrors && <FieldErrors path="settings.criteria.pattern" errors={patternErrors} />}
              <input
                id={fieldId('settings.criteria.pattern')}
                type="text"
                spellcheck={false}
                aria-invalid={patternErrors ? 'true' : undefined}
                aria-describedby={[patternErrors ? errorId('settings.criteria.pattern') : '', `${fieldId('settings.criteria.pattern')}-hint`]
                  .filter(Boolean)
                  .join(' ')}
                value={pattern}
                placeholder="(1 AND 2) OR 3"
                onInput={(e) => props.onPattern(e.currentTarget.value)}
              />
            </div>
          )}
        </div>
      )}
    </div>
  );
}

interface RuleRowProps {
  rule: RuleDraft;
  index: number;
  groups: GroupsState;
  errorsAt: (path: string) => readonly string[] | undefined;
  update: (i: number, change: Partial<RuleDraft>) => void;
  onRemove: (i: number) => void;
}

function RuleRow({ rule, index: i, groups, errorsAt, update, onRemove }: RuleRowProps) {
  const n = i + 1;
  const subjectPath = rulePath(i, 'subject');
  const valuePath = rulePath(i, 'value');
  const subjectErrors = errorsAt(subjectPath);
  const valueErrors = errorsAt(valuePath);
  const member = rule.subject === 'memberOf';
  const needsValue = rule.relation !== 'isEmpty' && rule.relation !== 'isNotEmpty';
  const a11y = (path: string, errors: readonly string[] | undefined) => ({
    id: fieldId(path),
    'aria-invalid': errors ? ('true' as const) : undefined,
    'aria-describedby': errors ? errorId(path) : undefined,
  });

  return (
    <li class="rule">
      <span class="rule-number" aria-hidden="true">
        {n}
      </span>
      <div class="rule-controls">
        <select
          {...(rule.subject === 'attribute' ? {} : a11y(subjectPath, subjectErrors))}
          aria-label={`Attribute of rule ${n}`}
          value={rule.subject}
          onChange={(e) => {
            const subject = e.currentTarget.value;
            const relation = subject === 'memberOf' && rule.relation !== 'notEquals' ? 'equals' : rule.relation;
            update(i, { subject, relation, ...(subject === 'memberOf' || rule.subject === 'memberOf' ? { value: '' } : {}) });
          }}
        >
          <optgroup label="JumpCloud field">
            {JUMPCLOUD_FIELDS.map((f) => (
              <option key={f} value={`field:${f}`}>
                {jumpcloudFieldText(f)}
              </option>
            ))}
          </optgroup>
          <optgroup label="Other">
            <option value="attribute">Custom JumpCloud attribute</option>
            <option value="memberOf">Member of group</option>
          </optgroup>
        </select>
        {rule.subject === 'attribute' && (
          <input
            {...a11y(subjectPath, subjectErrors)}
            type="text"
            spellcheck={false}
            aria-label={`Custom attribute name of rule ${n} (case-sensitive)`}
            placeholder="Exact attribute name"
            value={rule.attribute}
            onInput={(e) => update(i, { attribute: e.currentTarget.value })}
          />
        )}
        <select
          aria-label={`Relation of rule ${n}`}
          value={rule.relation}
          onChange={(e) => update(i, { relation: e.currentTarget.value as CriteriaRule['relation'] })}
        >
          {member
            ? (Object.keys(MEMBER_RELATION_LABELS) as (keyof typeof MEMBER_RELATION_LABELS)[]).map((r) => (
                <option key={r} value={r}>
                  {MEMBER_RELATION_LABELS[r]}
                </option>
              ))
            : RELATIONS.map((r) => (
                <option key={r} value={r}>
                  {RELATION_LABELS[r]}
                </option>
              ))}
        </select>
        {member && groups.state === 'ready' ? (
          <select {...a11y(valuePath, valueErrors)} aria-label={`Group of rule ${n}`} value={rule.value} onChange={(e) => update(i, { value: e.currentTarget.value })}>
            <option value="">Choose a group</option>
            {groups.list.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
            {rule.value && !groups.list.some((g) => g.id === rule.value) && <option value={rule.value}>Deleted group {rule.value}</option>}
          </select>
        ) : member ? (
          <input
            {...a11y(valuePath, valueErrors)}
            type="text"
            spellcheck={false}
            aria-label={`Group ID of rule ${n}`}
            placeholder={groups.state === 'loading' ? 'Loading groups…' : 'JumpCloud group ID'}
            value={rule.value}
            onInput={(e) => update(i, { value: e.currentTarget.value })}
          />
        ) : (
          needsValue && (
            <input
              {...a11y(valuePath, valueErrors)}
              type="text"
              aria-label={`Value of rule ${n}`}
              placeholder="Value"
              value={rule.value}
              onInput={(e) => update(i, { value: e.currentTarget.value })}
            />
          )
        )}
        <button type="button" class="subtle" onClick={() => onRemove(i)}>
          Remove rule {n}
        </button>
      </div>
      {subjectErrors && <FieldErrors path={subjectPath} errors={subjectErrors} />}
      {valueErrors && <FieldErrors path={valuePath} errors={valueErrors} />}
    </li>
  );
}
