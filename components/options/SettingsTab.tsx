// Settings, as Zoho names them: mail and password notification, status sync, resource sync (with
// the JumpCloud groups), sync criteria, scheduled sync, and the deletion threshold that stops a run
// about to remove too many users.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Config, Settings } from '@/lib/config/schema';
import { compileCriteria, CriteriaError } from '@/lib/criteria/evaluate';
import { send } from '@/lib/messages/client';
import { CriteriaEditor, ruleDraftOf, ruleOf, rulePath, type Combine, type RuleDraft } from './CriteriaEditor';
import { Field, FieldErrors } from './Field';
import { GroupPicker, type GroupsState } from './GroupPicker';
import { assignIssues, errorId, fieldId, focusFirstIssue, type Issue } from './issues';
import { formatTime } from './labels';
import { failed, Notice, type NoticeValue } from './Notice';
import { RadioGroup } from './RadioGroup';
import { saveConfig } from './save-config';
import { ScheduleEditor, type ScheduleDraft } from './ScheduleEditor';

interface SettingsTabProps {
  saved: Config;
  onSaved: (config: Config) => void;
  /** Whether the tab is showing: the groups are read from JumpCloud only when needed. */
  active: boolean;
}

const DOMAIN = /^[a-z0-9.-]+\.[a-z]{2,}$/;
const splitDomains = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);

export function SettingsTab({ saved, onSaved, active }: SettingsTabProps) {
  const s = saved.settings;
  const [mail, setMail] = useState(s.mailNotification);
  const [password, setPassword] = useState(s.passwordNotification);
  const [domains, setDomains] = useState(saved.target.verifiedDomains.join('\n'));
  const [statusMode, setStatusMode] = useState(s.statusSync.mode);
  const [onDelete, setOnDelete] = useState(s.statusSync.onDelete);
  const [syncUsers, setSyncUsers] = useState(s.resourceSync.users);
  const [syncGroups, setSyncGroups] = useState(s.resourceSync.groups);
  const [groupIds, setGroupIds] = useState<string[]>(s.resourceSync.groupIds);
  const nextKey = useRef(0);
  const [mode, setMode] = useState(s.criteria.mode);
  const [rules, setRules] = useState<RuleDraft[]>(() => (s.criteria.mode === 'match' ? s.criteria.rules.map((r) => ruleDraftOf(r, nextKey.current++)) : []));
  const [combine, setCombine] = useState<Combine>(s.criteria.mode === 'match' ? s.criteria.combine : 'and');
  const [pattern, setPattern] = useState(s.criteria.mode === 'match' ? (s.criteria.pattern ?? '') : '');
  const [schedule, setSchedule] = useState<ScheduleDraft>({ ...s.schedule, everyHours: String(s.schedule.everyHours) });
  const [reconcileEvery, setReconcileEvery] = useState(s.reconcile);
  const [percent, setPercent] = useState(String(saved.safety.deletionThresholdPercent));
  const [count, setCount] = useState(String(saved.safety.deletionThresholdCount));
  const [groups, setGroups] = useState<GroupsState>({ state: 'idle' });
  const [issues, setIssues] = useState<Issue[]>([]);
  const [notice, setNotice] = useState<NoticeValue>();
  const [nextRun, setNextRun] = useState<number>();
  const [busy, setBusy] = useState(false);

  const needsGroups = syncGroups || (mode === 'match' && rules.some((r) => r.subject === 'memberOf'));
  const loadGroups = async () => {
    setGroups({ state: 'loading' });
    const reply = await send({ type: 'groups.list' });
    setGroups(reply.ok ? { state: 'ready', list: reply.data } : { state: 'failed', error: reply.error, ...(reply.hint ? { hint: reply.hint } : {}) });
  };
  useEffect(() => {
    if (active && needsGroups && groups.state === 'idle') void loadGroups();
  }, [active, needsGroups, groups.state]);

  const readNextRun = async () => {
    const reply = await send({ type: 'status' });
    setNextRun(reply.ok ? reply.data.nextRunAt : undefined);
  };
  useEffect(() => {
    if (active) void readNextRun();
  }, [active]);

  const shown = [
    'settings.mailNotification',
    'settings.passwordNotification',
    'target.verifiedDomains',
    'settings.statusSync',
    'settings.resourceSync',
    'settings.resourceSync.groupIds',
    'settings.criteria',
    'settings.criteria.rules',
    ...rules.flatMap((_, i) => [rulePath(i, 'subject'), rulePath(i, 'value')]),
    'settings.criteria.pattern',
    'settings.schedule',
    ...['enabled', 'frequency', 'everyHours', 'time', 'weekdays', 'monthDates'].map((k) => `settings.schedule.${k}`),
    'safety.deletionThresholdPercent',
    'safety.deletionThresholdCount',
  ];
  const assigned = assignIssues(issues, shown);
  const errorsAt = (path: string) => assigned.at.get(path);

  /** The settings on screen as config, plus what the page itself can tell is wrong. */
  function build(): { config: Config; problems: Issue[] } {
    const problems: Issue[] = [];
    const domainList = splitDomains(domains);
    const bad = domainList.filter((d) => !DOMAIN.test(d));
    if (bad.length) {
      problems.push({ path: 'target.verifiedDomains', message: `${bad.map((d) => `“${d}”`).join(', ')} ${bad.length === 1 ? 'is not a domain name' : 'are not domain names'} such as example.com` });
    }
    if (!syncUsers && !syncGroups) problems.push({ path: 'settings.resourceSync', message: 'choose Users, Groups or both: otherwise nothing is synced' });
    if (syncGroups && groupIds.length === 0) problems.push({ path: 'settings.resourceSync.groupIds', message: 'choose at least one group, or untick Groups' });

    const ruleList = rules.map(ruleOf);
    if (mode === 'match') {
      if (rules.length === 0) problems.push({ path: 'settings.criteria.rules', message: 'add at least one rule, or choose All users' });
      rules.forEach((r, i) => {
        if (r.subject === 'attribute' && !r.attribute) problems.push({ path: rulePath(i, 'subject'), message: 'type the custom attribute’s name, exactly as in JumpCloud' });
        if (r.subject === 'memberOf' && !r.value.trim()) problems.push({ path: rulePath(i, 'value'), message: 'choose a group' });
      });
    }
    const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : NaN);
    const pct = Number(percent.trim() === '' ? NaN : percent);
    if (!(pct >= 0 && pct <= 100)) problems.push({ path: 'safety.deletionThresholdPercent', message: 'enter a percentage from 0 to 100' });
    const cnt = whole(count);
    if (Number.isNaN(cnt)) problems.push({ path: 'safety.deletionThresholdCount', message: 'enter a whole number of users, 0 or more' });
    let hours = whole(schedule.everyHours);
    if (schedule.enabled && schedule.frequency === 'hourly' && !(hours >= 1 && hours <= 24)) {
      problems.push({ path: 'settings.schedule.everyHours', message: 'enter a whole number of hours from 1 to 24' });
    }
    if (!(hours >= 1 && hours <= 24)) hours = s.schedule.everyHours;
    if (schedule.enabled && !schedule.time) problems.push({ path: 'settings.schedule.time', message: 'enter the time of day the sync starts' });

    const criteria: Settings['criteria'] =
      mode === 'all' ? { mode: 'all' } : { mode: 'match', rules: ruleList, combine, ...(pattern.trim() ? { pattern: pattern.trim() } : {}) };
    if (mode === 'match' && rules.length && !problems.some((p) => p.path.startsWith('settings.criteria'))) {
      // The engine's own compiler: a rule or pattern it would refuse at sync time is refused now.
      try {
        compileCriteria(criteria);
      } catch (e) {
        if (!(e instanceof CriteriaError)) throw e;
        const rule = /^rule (\d+)/.exec(e.message);
        const path = rule ? rulePath(Number(rule[1]) - 1, 'value') : combine === 'pattern' ? 'settings.criteria.pattern' : 'settings.criteria.rules';
        problems.push({ path, message: e.message });
      }
    }
    const config: Config = {
      ...saved,
      target: { ...saved.target, verifiedDomains: domainList },
      settings: {
        mailNotification: mail,
        passwordNotification: password,
        statusSync: { mode: statusMode, onDelete },
        resourceSync: { users: syncUsers, groups: syncGroups, groupIds },
        criteria,
        schedule: {
          enabled: schedule.enabled,
          frequency: schedule.frequency,
          everyHours: hours,
          time: schedule.time || s.schedule.time,
          weekdays: [...schedule.weekdays].sort((a, b) => a - b),
          monthDates: [...schedule.monthDates].sort((a, b) => a - b),
        },
        reconcile: reconcileEvery,
      },
      safety: { deletionThresholdPercent: pct, deletionThresholdCount: cnt },
    };
    return { config, problems };
  }

  const onSave = async () => {
    setNotice(undefined);
    const { config, problems } = build();
    let list = problems;
    let outcome: Awaited<ReturnType<typeof saveConfig>> | undefined;
    if (!problems.length) {
      setBusy(true);
      outcome = await saveConfig(config);
      setBusy(false);
      list = outcome.ok ? [] : outcome.issues;
    }
    setIssues(list);
    if (outcome?.ok) {
      onSaved(outcome.config);
      setNotice({ kind: 'ok', text: 'Settings saved.' });
      void readNextRun();
      return;
    }
    const where = assignIssues(list, shown);
    focusFirstIssue(where, shown);
    setNotice(failed(outcome && !outcome.ok ? outcome : { error: 'Not saved: some settings need fixing; see the messages above.' }, where.elsewhere));
  };

  const addRule = () => {
    const index = rules.length;
    setRules([...rules, { key: nextKey.current++, subject: 'field:department', attribute: '', relation: 'equals', value: '' }]);
    setTimeout(() => document.getElementById(fieldId(rulePath(index, 'subject')))?.focus(), 0);
  };
  const removeRule = (index: number) => {
    setRules(rules.filter((_, i) => i !== index));
    setIssues([]);
    // Focus stays near: the rule that took its place, or the button to add one.
    setTimeout(() => {
      const next = document.querySelectorAll<HTMLButtonElement>('.rules .rule button')[Math.min(index, rules.length - 2)];
      (next ?? document.querySelector<HTMLButtonElement>('.criteria .actions button'))?.focus();
    }, 0);
  };
  const chooseMode = (m: 'all' | 'match') => {
    setMode(m);
    if (m === 'match' && rules.length === 0) setRules([{ key: nextKey.current++, subject: 'field:department', attribute: '', relation: 'equals', value: '' }]);
  };

  return (
    <div class="stack">
      <section class="card" aria-labelledby="notify-heading">
        <h2 id="notify-heading">Notifications</h2>
        <RadioGroup
          path="settings.mailNotification"
          legend="Mail notification"
          hint="Whether new users get an invitation mail from Zoho Directory."
          value={mail}
          onChange={setMail}
          options={[
            { value: 'notify', label: 'Notify via mail' },
            { value: 'dontNotify', label: 'Don’t notify' },
          ]}
        />
        {mail === 'notify' && (
          <>
            <RadioGroup
              path="settings.passwordNotification"
              legend="Password notification"
              hint="Only for users whose email address is on a domain verified in Zoho Directory."
              value={password}
              onChange={setPassword}
              options={[
                { value: 'user', label: 'Send email OTP to user' },
                { value: 'admin', label: 'Send email OTP to Admin' },
                { value: 'none', label: 'Don’t notify anyone' },
              ]}
            />
            <Field
              path="target.verifiedDomains"
              label="Verified domains"
              hint="The domains verified in Zoho Directory, separated by commas or new lines, e.g. example.com."
              errors={errorsAt('target.verifiedDomains')}
            >
              {(control) => <textarea {...control} rows={3} spellcheck={false} value={domains} onInput={(e) => setDomains(e.currentTarget.value)} />}
            </Field>
          </>
        )}
      </section>

      <section class="card" aria-labelledby="status-heading">
        <h2 id="status-heading">Status sync</h2>
        <RadioGroup
          path="settings.statusSync"
          legend="When a user is activated or suspended in JumpCloud"
          value={statusMode}
          onChange={setStatusMode}
          options={[
            { value: 'mirror', label: 'Change in Zoho Directory' },
            { value: 'nothing', label: 'Do nothing' },
          ]}
        />
        {statusMode === 'mirror' && (
          <RadioGroup
            path="settings.statusSync.onDelete"
            legend="When a user is deleted in JumpCloud"
            value={onDelete}
            onChange={setOnDelete}
            options={[
              { value: 'deactivate', label: 'Deactivate the user in Zoho Directory' },
              { value: 'delete', label: 'Delete the user from Zoho Directory' },
            ]}
          />
        )}
      </section>

      <section class="card" aria-labelledby="resource-heading">
        <h2 id="resource-heading">Resource sync</h2>
        <fieldset class="radios" aria-describedby={errorsAt('settings.resourceSync') ? errorId('settings.resourceSync') : undefined}>
          <legend>What to sync</legend>
          {errorsAt('settings.resourceSync') && <FieldErrors path="settings.resourceSync" errors={errorsAt('settings.resourceSync')!} />}
          <label class="choice">
            <input id={fieldId('settings.resourceSync')} type="checkbox" checked={syncUsers} onChange={(e) => setSyncUsers(e.currentTarget.checked)} />
            <span>Users</span>
          </label>
          <label class="choice">
            <input type="checkbox" checked={syncGroups} onChange={(e) => setSyncGroups(e.currentTarget.checked)} />
            <span>Groups</span>
          </label>
        </fieldset>
        {syncGroups && (
          <GroupPicker
            path="settings.resourceSync.groupIds"
            groups={groups}
            selected={groupIds}
            errors={errorsAt('settings.resourceSync.groupIds')}
            onChange={setGroupIds}
            onRetry={() => void loadGroups()}
          />
        )}
      </section>

      <section class="card" aria-labelledby="criteria-heading">
        <h2 id="criteria-heading">Sync criteria</h2>
        <CriteriaEditor
          mode={mode}
          rules={rules}
          combine={combine}
          pattern={pattern}
          groups={groups}
          errorsAt={errorsAt}
          onMode={chooseMode}
          onRules={setRules}
          onAddRule={addRule}
          onRemoveRule={removeRule}
          onCombine={setCombine}
          onPattern={setPattern}
        />
      </section>

      <section class="card" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading">Scheduled sync</h2>
        <ScheduleEditor draft={schedule} errorsAt={errorsAt} onChange={setSchedule} />
        {saved.settings.schedule.enabled && nextRun !== undefined && <p class="hint">Next scheduled sync: {formatTime(nextRun)}.</p>}
        <RadioGroup
          path="settings.reconcile"
          legend="Reconcile with Zoho Directory"
          hint={
            'A reconciling sync also reads every user in the directory: it puts back attributes changed there by hand, deactivates users ' +
            'JumpCloud confirms are deleted even if this browser never synced them, and lists users JumpCloud does not know (never touched). ' +
            'The first sync always reconciles; History → Reconcile now does it at once.'
          }
          options={[
            { value: 'daily', label: 'With the first scheduled sync each day' },
            { value: 'weekly', label: 'With the first scheduled sync each week' },
            { value: 'monthly', label: 'With the first scheduled sync each month' },
            { value: 'never', label: 'Only when I ask' },
          ]}
          value={reconcileEvery}
          onChange={setReconcileEvery}
        />
      </section>

      <section class="card" aria-labelledby="threshold-heading">
        <h2 id="threshold-heading">Deletion threshold</h2>
        <p class="hint">
          A sync that would deactivate or delete more users than this stops before removing anyone and waits for you to confirm it
          (History → the run).
        </p>
        <div class="inline-fields">
          <Field path="safety.deletionThresholdPercent" label="Percentage of synced users" errors={errorsAt('safety.deletionThresholdPercent')}>
            {(control) => (
              <input {...control} class="narrow" type="number" min={0} max={100} step="any" value={percent} onInput={(e) => setPercent(e.currentTarget.value)} />
            )}
          </Field>
          <Field path="safety.deletionThresholdCount" label="Number of users" errors={errorsAt('safety.deletionThresholdCount')}>
            {(control) => (
              <input {...control} class="narrow" type="number" min={0} step={1} inputMode="numeric" value={count} onInput={(e) => setCount(e.currentTarget.value)} />
            )}
          </Field>
        </div>
      </section>

      <div class="actions form-actions">
        <button type="button" class="primary" onClick={() => void onSave()} disabled={busy}>
          Save settings
        </button>
      </div>
      <Notice value={notice} />
    </div>
  );
}
