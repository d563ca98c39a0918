// Field mapping: for each Zoho Directory field, where its value comes from; custom Zoho fields;
// and a preview of the result on real users before anything is saved or synced.
import { useRef, useState } from 'preact/hooks';
import { ZOHO_FIELD_KEYS, ZOHO_FIELDS, type ZohoField } from '@/lib/config/fields';
import type { Config, Mapping } from '@/lib/config/schema';
import { send } from '@/lib/messages/client';
import type { ResponseData } from '@/lib/messages/protocol';
import { FieldErrors } from './Field';
import { assignIssues, fieldId, focusFirstIssue, type Issue } from './issues';
import { failed, Notice, type NoticeValue } from './Notice';
import { PreviewTable } from './PreviewTable';
import { checkConfig, saveConfig } from './save-config';
import { draftOf, sourceOf, SourceEditor, type SourceDraft } from './SourceEditor';

interface MappingTabProps {
  saved: Config;
  onSaved: (config: Config) => void;
}

interface CustomDraft {
  key: number;
  name: string;
  source: SourceDraft;
}

const CASE_NOTE = 'mapping-case-note';

export function MappingTab({ saved, onSaved }: MappingTabProps) {
  const [fields, setFields] = useState<Record<ZohoField, SourceDraft>>(
    () => Object.fromEntries(ZOHO_FIELD_KEYS.map((k) => [k, draftOf(saved.mapping.fields[k])])) as Record<ZohoField, SourceDraft>,
  );
  const nextKey = useRef(0);
  const [custom, setCustom] = useState<CustomDraft[]>(() =>
    saved.mapping.customFields.map((f) => ({ key: nextKey.current++, name: f.name, source: draftOf(f.source) })),
  );
  const [issues, setIssues] = useState<Issue[]>([]);
  const [notice, setNotice] = useState<NoticeValue>();
  const [preview, setPreview] = useState<ResponseData<'mapping.preview'> | NoticeValue>();
  const [busy, setBusy] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);

  const mapping: Mapping = {
    fields: Object.fromEntries(ZOHO_FIELD_KEYS.map((k) => [k, sourceOf(fields[k])])) as Mapping['fields'],
    customFields: custom.map((c) => ({ name: c.name.trim(), source: sourceOf(c.source) })),
  };
  const dirty = JSON.stringify(mapping) !== JSON.stringify(saved.mapping);

  const shown = [
    ...ZOHO_FIELD_KEYS.map((k) => `mapping.fields.${k}`),
    'mapping.customFields',
    ...custom.flatMap((_, i) => [`mapping.customFields.${i}.name`, `mapping.customFields.${i}.source`]),
  ];
  const assigned = assignIssues(issues, shown);

  /** The page's own checks, in words the admin can act on; the schema checks the rest. */
  function check(): Issue[] {
    const found: Issue[] = [];
    const needName = 'type the attribute name exactly as JumpCloud shows it under Custom Attributes';
    for (const k of ZOHO_FIELD_KEYS) {
      if (fields[k].kind === 'attribute' && !fields[k].name) found.push({ path: `mapping.fields.${k}`, message: needName });
    }
    const seen = new Set<string>();
    custom.forEach((c, i) => {
      const name = c.name.trim();
      if (!name) found.push({ path: `mapping.customFields.${i}.name`, message: 'type the field’s name as Zoho Directory shows it' });
      else if (seen.has(name)) found.push({ path: `mapping.customFields.${i}.name`, message: `“${name}” is already mapped above; map each field once` });
      seen.add(name);
      if (c.source.kind === 'attribute' && !c.source.name) found.push({ path: `mapping.customFields.${i}.source`, message: needName });
    });
    return found;
  }

  function report(list: Issue[]) {
    setIssues(list);
    focusFirstIssue(assignIssues(list, shown), shown);
  }

  /** The edited mapping in a whole config, or the problems that stop it. */
  function candidate(): Config | undefined {
    const own = check();
    const outcome = own.length ? undefined : checkConfig({ ...saved, mapping });
    if (!outcome?.ok) {
      const list = outcome && !outcome.ok ? outcome.issues : own;
      report(list);
      setNotice(failed({ error: 'Some fields need fixing first: see the messages in the table.' }, assignIssues(list, shown).elsewhere));
      return undefined;
    }
    report([]);
    return outcome.config;
  }

  const onPreview = async () => {
    setNotice(undefined);
    const config = candidate();
    if (!config) return;
    setBusy(true);
    setPreview({ kind: 'busy', text: 'Reading a few users from JumpCloud and mapping them…' });
    const reply = await send({ type: 'mapping.preview', config });
    setBusy(false);
    if (reply.ok) setPreview(reply.data);
    else {
      setPreview(failed(reply));
      if (reply.issues?.length) report(reply.issues);
    }
  };

  const onSave = async () => {
    setNotice(undefined);
    const config = candidate();
    if (!config) return;
    setBusy(true);
    const outcome = await saveConfig(config);
    setBusy(false);
    if (!outcome.ok) {
      report(outcome.issues);
      setNotice(failed(outcome, assignIssues(outcome.issues, shown).elsewhere));
      return;
    }
    onSaved(outcome.config);
    setNotice({ kind: 'ok', text: 'Mapping saved. The next sync uses it.' });
  };

  const addCustom = () => {
    const index = custom.length;
    setCustom([...custom, { key: nextKey.current++, name: '', source: { kind: 'jumpcloud', field: 'username', value: '', name: '' } }]);
    setTimeout(() => document.getElementById(fieldId(`mapping.customFields.${index}.name`))?.focus(), 0);
  };
  const removeCustom = (index: number) => {
    setCustom(custom.filter((_, i) => i !== index));
    setIssues([]);
    setTimeout(() => addButton.current?.focus(), 0);
  };
  const updateCustom = (index: number, change: Partial<CustomDraft>) =>
    setCustom(custom.map((c, i) => (i === index ? { ...c, ...change } : c)));

  return (
    <div class="stack">
      <section class="card" aria-labelledby="mapping-heading">
        <h2 id="mapping-heading">Zoho Directory fields</h2>
        <p class="hint">
          Choose where each Zoho Directory field takes its value from. A <strong>hard-coded value</strong> gives every synced user
          the same value (for example Country: India).{' '}
          <span id={CASE_NOTE}>
            A <strong>custom JumpCloud attribute</strong> is matched by its exact name, and names are case-sensitive:
            “Building” and “building” are different attributes.
          </span>
        </p>
        <div class="table-scroll">
          <table class="data mapping">
            <thead>
              <tr>
                <th scope="col">Zoho Directory field</th>
                <th scope="col">Takes its value from</th>
                <th scope="col">Field, value or attribute</th>
              </tr>
            </thead>
            <tbody>
              {ZOHO_FIELD_KEYS.map((k) => (
                <tr key={k}>
                  <th scope="row">{ZOHO_FIELDS[k]}</th>
                  <SourceEditor
                    path={`mapping.fields.${k}`}
                    label={ZOHO_FIELDS[k]}
                    draft={fields[k]}
                    errors={assigned.at.get(`mapping.fields.${k}`)}
                    caseNoteId={CASE_NOTE}
                    onChange={(d) => setFields({ ...fields, [k]: d })}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section class="card" aria-labelledby="custom-heading">
        <h2 id="custom-heading">Custom Zoho fields</h2>
        <p class="hint">Fields your organization added in Zoho Directory, by the name Zoho shows for them.</p>
        {assigned.at.has('mapping.customFields') && <FieldErrors path="mapping.customFields" errors={assigned.at.get('mapping.customFields')!} />}
        {custom.length > 0 && (
          <div class="table-scroll">
            <table class="data mapping">
              <thead>
                <tr>
                  <th scope="col">Zoho field name</th>
                  <th scope="col">Takes its value from</th>
                  <th scope="col">Field, value or attribute</th>
                  <th scope="col">
                    <span class="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {custom.map((c, i) => {
                  const namePath = `mapping.customFields.${i}.name`;
                  const nameErrors = assigned.at.get(namePath);
                  return (
                    <tr key={c.key}>
                      <td>
                        <input
                          id={fieldId(namePath)}
                          type="text"
                          aria-label={`Name of custom field ${i + 1}`}
                          aria-invalid={nameErrors ? 'true' : undefined}
                          aria-describedby={nameErrors ? `${fieldId(namePath)}-error` : undefined}
                          value={c.name}
                          onInput={(e) => updateCustom(i, { name: e.currentTarget.value })}
                        />
                        {nameErrors && <FieldErrors path={namePath} errors={nameErrors} />}
                      </td>
                      <SourceEditor
                        path={`mapping.customFields.${i}.source`}
                        label={`custom field ${i + 1}`}
                        draft={c.source}
                        errors={assigned.at.get(`mapping.customFields.${i}.source`)}
                        caseNoteId={CASE_NOTE}
                        onChange={(source) => updateCustom(i, { source })}
                      />
                      <td>
                        <button type="button" class="subtle" onClick={() => removeCustom(i)}>
                          Remove custom field {i + 1}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <div class="actions">
          <button type="button" ref={addButton} onClick={addCustom} disabled={custom.length >= 100}>
            Add custom field
          </button>
        </div>
      </section>

      <div class="actions form-actions">
        <button type="button" onClick={() => void onPreview()} disabled={busy}>
          Preview with real users
        </button>
        <button type="button" class="primary" onClick={() => void onSave()} disabled={busy}>
          Save mapping
        </button>
        {dirty && <span class="hint">You have unsaved changes.</span>}
      </div>
      <Notice value={notice} />

      {preview && (
        <section class="card" aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          <p class="hint">Nothing is written: this reads up to 20 users from JumpCloud and shows the first few as Zoho would get them.</p>
          {'kind' in preview ? <Notice value={preview} /> : <PreviewTable data={preview} />}
        </section>
      )}
    </div>
  );
}
