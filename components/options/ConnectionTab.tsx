// Connection: where JumpCloud is (region, API key, organization) and where Zoho Directory listens
// (data centre, Sync endpoint, SCIM token), each side with a test that says what it reached.
import { useState } from 'preact/hooks';
import type { Config } from '@/lib/config/schema';
import { JUMPCLOUD_REGIONS, ZOHO_DATA_CENTRES, type JumpCloudRegion, type ZohoDataCentre } from '@/lib/hosts';
import { send } from '@/lib/messages/client';
import type { ResponseData } from '@/lib/messages/protocol';
import { Field } from './Field';
import { assignIssues, focusFirstIssue, type Issue } from './issues';
import { DATA_CENTRE_LABELS, REGION_LABELS } from './labels';
import { failed, Notice, type NoticeValue } from './Notice';
import type { SecretFlags } from './OptionsApp';
import { askingFor, requestHostPermission } from './host-permission';
import { saveConfig } from './save-config';
import { SecretField } from './SecretField';

interface ConnectionTabProps {
  saved: Config;
  secrets: SecretFlags;
  onSaved: (config: Config) => void;
  onSecrets: (secrets: Partial<SecretFlags>) => void;
}

type Side = 'jumpcloud' | 'zoho';
const JC_PATHS = ['jumpcloud.region', 'jumpcloud.orgId', 'jumpcloudApiKey'];
const ZOHO_PATHS = ['target.dataCentre', 'target.syncEndpoint', 'scimToken'];

const SECRET_WORDS = {
  jumpcloudApiKey: { name: 'API key', empty: 'paste the API key first (JumpCloud console → your profile → My API Key)' },
  scimToken: { name: 'SCIM token', empty: 'paste the SCIM token first, as Zoho Directory shows it next to the Sync endpoint' },
} as const;

/** The Zoho data centre a Sync endpoint's host belongs to, if it is a Zoho host. */
function dataCentreOf(endpoint: string): ZohoDataCentre | undefined {
  let host: string;
  try {
    host = new URL(endpoint.trim()).hostname;
  } catch {
    return undefined;
  }
  return (Object.keys(ZOHO_DATA_CENTRES) as ZohoDataCentre[]).find((dc) => host.endsWith(`.${ZOHO_DATA_CENTRES[dc]}`));
}

export function ConnectionTab({ saved, secrets, onSaved, onSecrets }: ConnectionTabProps) {
  const [region, setRegion] = useState<JumpCloudRegion>(saved.jumpcloud.region);
  const [orgId, setOrgId] = useState(saved.jumpcloud.orgId ?? '');
  const [dataCentre, setDataCentre] = useState<ZohoDataCentre>(saved.target.dataCentre);
  const [endpoint, setEndpoint] = useState(saved.target.syncEndpoint ?? '');
  const [apiKey, setApiKey] = useState('');
  const [token, setToken] = useState('');
  const [issues, setIssues] = useState<Record<Side, Issue[]>>({ jumpcloud: [], zoho: [] });
  const [notice, setNotice] = useState<Record<Side, NoticeValue | undefined>>({ jumpcloud: undefined, zoho: undefined });
  const [busy, setBusy] = useState<Side | undefined>();

  const jcDirty = region !== saved.jumpcloud.region || orgId.trim() !== (saved.jumpcloud.orgId ?? '');
  const zohoDirty = dataCentre !== saved.target.dataCentre || endpoint.trim() !== (saved.target.syncEndpoint ?? '');
  const assigned = assignIssues([...issues.jumpcloud, ...issues.zoho], [...JC_PATHS, ...ZOHO_PATHS]);
  const show = (side: Side, value: NoticeValue | undefined) => setNotice((n) => ({ ...n, [side]: value }));
  const report = (side: Side, list: Issue[]) => {
    setIssues((all) => ({ ...all, [side]: list }));
    focusFirstIssue(assignIssues(list, side === 'jumpcloud' ? JC_PATHS : ZOHO_PATHS), side === 'jumpcloud' ? JC_PATHS : ZOHO_PATHS);
  };

  /** Saved, and whether the SCIM token went with the endpoint it was saved for; false when not saved. */
  async function saveSide(side: Side, permission?: ReturnType<typeof requestHostPermission>): Promise<false | { tokenDropped: boolean }> {
    let candidate: Config;
    if (side === 'jumpcloud') {
      const id = orgId.trim();
      candidate = { ...saved, jumpcloud: { region, ...(id ? { orgId: id } : {}) } };
    } else {
      if (permission && !(await permission.granted)) {
        show('zoho', undefined);
        report('zoho', [
          {
            path: 'target.syncEndpoint',
            message:
              `not saved: the browser did not let the assistant reach ${permission.origin}. ` +
              'Save again and choose Allow when the browser asks; without it the assistant cannot sync to this endpoint',
          },
        ]);
        return false;
      }
      const url = endpoint.trim();
      candidate = {
        ...saved,
        target: { dataCentre, verifiedDomains: saved.target.verifiedDomains, ...(url ? { syncEndpoint: url } : {}) },
      };
    }
    const outcome = await saveConfig(candidate);
    if (!outcome.ok) {
      const paths = side === 'jumpcloud' ? JC_PATHS : ZOHO_PATHS;
      report(side, outcome.issues);
      const elsewhere = assignIssues(outcome.issues, paths).elsewhere;
      show(side, outcome.issues.length && !elsewhere.length ? undefined : failed(outcome, elsewhere));
      return false;
    }
    report(side, []);
    if (side === 'jumpcloud') {
      setOrgId(outcome.config.jumpcloud.orgId ?? '');
    } else {
      setEndpoint(outcome.config.target.syncEndpoint ?? '');
      if (outcome.tokenDropped) onSecrets({ scimToken: false });
    }
    onSaved(outcome.config);
    return { tokenDropped: outcome.tokenDropped };
  }

  async function saveSecret(side: Side, name: 'jumpcloudApiKey' | 'scimToken'): Promise<boolean> {
    const value = name === 'jumpcloudApiKey' ? apiKey : token;
    if (!value.trim()) {
      show(side, undefined);
      report(side, [{ path: name, message: SECRET_WORDS[name].empty }]);
      return false;
    }
    const reply = await send({ type: 'secret.save', name, value });
    if (!reply.ok) {
      const list = reply.issues?.length ? reply.issues : [{ path: name, message: reply.error }];
      report(side, list);
      show(side, reply.hint ? failed(reply) : undefined);
      return false;
    }
    report(side, []);
    if (name === 'jumpcloudApiKey') setApiKey('');
    else setToken('');
    onSecrets({ [name]: true });
    return true;
  }

  const run = (side: Side, what: () => Promise<void>) => {
    setBusy(side);
    what().finally(() => setBusy(undefined));
  };

  const onSaveSettings = (side: Side) => {
    const permission = side === 'zoho' ? requestHostPermission(endpoint) : undefined;
    run(side, async () => {
      show(side, permission ? askingFor(permission.origin) : undefined);
      const saved = await saveSide(side, permission);
      if (!saved) return;
      const text = side === 'jumpcloud' ? 'Region and organization ID saved.' : 'Data centre and Sync endpoint saved.';
      const dropped = saved.tokenDropped ? ' The SCIM token saved for the previous endpoint was removed with it: save the token Zoho Directory shows for this one.' : '';
      show(side, { kind: 'ok', text: text + dropped });
    });
  };

  const onSaveSecret = (side: Side, name: 'jumpcloudApiKey' | 'scimToken') => {
    // The token is kept for the Sync endpoint on screen: a changed endpoint is saved first.
    const endpointFirst = name === 'scimToken' && zohoDirty;
    const permission = endpointFirst ? requestHostPermission(endpoint) : undefined;
    run(side, async () => {
      show(side, permission ? askingFor(permission.origin) : undefined);
      if (endpointFirst && !(await saveSide('zoho', permission))) return;
      if (await saveSecret(side, name)) show(side, { kind: 'ok', text: `${SECRET_WORDS[name].name} saved.` });
    });
  };

  const onTest = (side: Side) => {
    // The prompt for a new host has to start here, in the click, before anything is awaited.
    const permission = side === 'zoho' && zohoDirty ? requestHostPermission(endpoint) : undefined;
    run(side, async () => {
      const secretName = side === 'jumpcloud' ? 'jumpcloudApiKey' : 'scimToken';
      const typed = side === 'jumpcloud' ? apiKey : token;
      const dirty = side === 'jumpcloud' ? jcDirty : zohoDirty;
      // Test what is on screen: save what changed first. A failed save says why, at its field.
      show(side, permission ? askingFor(permission.origin) : undefined);
      if (dirty && !(await saveSide(side, permission))) return;
      if (typed.trim() && !(await saveSecret(side, secretName))) return;
      show(side, { kind: 'busy', text: side === 'jumpcloud' ? 'Testing the connection to JumpCloud…' : 'Testing the Sync endpoint…' });
      if (side === 'jumpcloud') {
        const reply = await send({ type: 'test.jumpcloud' });
        show(side, reply.ok ? { kind: 'ok', text: <JumpCloudReach data={reply.data} /> } : failed(reply));
      } else {
        const reply = await send({ type: 'test.scim' });
        show(side, reply.ok ? { kind: 'ok', text: <ScimReach data={reply.data} /> } : failed(reply));
      }
    });
  };

  const endpointCentre = dataCentreOf(endpoint);
  const domain = ZOHO_DATA_CENTRES[dataCentre];

  return (
    <div class="stack">
      <section class="card" aria-labelledby="jumpcloud-heading">
        <h2 id="jumpcloud-heading">JumpCloud</h2>
        <p class="hint">
          The assistant reads your users with a JumpCloud API key. In the JumpCloud console, an administrator with API access
          opens their profile (top right) → <strong>My API Key</strong> → <strong>Generate New API Key</strong>. The key is shown
          once, and a new key replaces the old one.
        </p>
        <Field path="jumpcloud.region" label="JumpCloud region" errors={assigned.at.get('jumpcloud.region')} hint="Where your JumpCloud console is.">
          {(control) => (
            <select {...control} value={region} onChange={(e) => setRegion(e.currentTarget.value as JumpCloudRegion)}>
              {(Object.keys(JUMPCLOUD_REGIONS) as JumpCloudRegion[]).map((r) => (
                <option key={r} value={r}>
                  {REGION_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          path="jumpcloud.orgId"
          label="Organization ID (optional)"
          errors={assigned.at.get('jumpcloud.orgId')}
          hint="Only for multi-tenant (MTP) administrators: the organization to sync, 24 characters from Settings → Organization Profile. Leave it empty otherwise."
        >
          {(control) => (
            <input
              {...control}
              type="text"
              spellcheck={false}
              autoComplete="off"
              value={orgId}
              onInput={(e) => setOrgId(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onSaveSettings('jumpcloud');
              }}
            />
          )}
        </Field>
        <div class="actions">
          <button type="button" onClick={() => onSaveSettings('jumpcloud')} disabled={busy === 'jumpcloud'}>
            Save region and organization ID
          </button>
        </div>
        <SecretField
          path="jumpcloudApiKey"
          label="API key"
          hint="Paste the key JumpCloud showed you. It is kept encrypted in this browser."
          saved={secrets.jumpcloudApiKey}
          value={apiKey}
          errors={assigned.at.get('jumpcloudApiKey')}
          saveLabel="Save API key"
          busy={busy === 'jumpcloud'}
          onInput={setApiKey}
          onSave={() => onSaveSecret('jumpcloud', 'jumpcloudApiKey')}
        />
        <div class="actions test-row">
          <button type="button" class="primary" onClick={() => onTest('jumpcloud')} disabled={busy === 'jumpcloud'}>
            Test JumpCloud connection
          </button>
          <span class="hint">Saves what you changed above, then reads your organization and counts its users.</span>
        </div>
        <Notice value={notice.jumpcloud} />
      </section>

      <section class="card" aria-labelledby="zoho-heading">
        <h2 id="zoho-heading">Zoho Directory</h2>
        <p class="hint">
          In Zoho Directory: <strong>Admin Panel</strong> → <strong>Directory Stores</strong> → <strong>Add Directory</strong> →{' '}
          <strong>JumpCloud</strong>. Under API INTEGRATION, Zoho shows the <strong>Sync endpoint</strong> and the{' '}
          <strong>SCIM token</strong>. The setup checklist above opens Zoho Directory with a guide whose{' '}
          <strong>Save to assistant</strong> keeps both here without copying; you can also paste them below.
        </p>
        <Field path="target.dataCentre" label="Zoho data centre" errors={assigned.at.get('target.dataCentre')} hint="The domain you sign in to Zoho on.">
          {(control) => (
            <select {...control} value={dataCentre} onChange={(e) => setDataCentre(e.currentTarget.value as ZohoDataCentre)}>
              {(Object.keys(ZOHO_DATA_CENTRES) as ZohoDataCentre[]).map((dc) => (
                <option key={dc} value={dc}>
                  {DATA_CENTRE_LABELS[dc]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          path="target.syncEndpoint"
          label="Sync endpoint"
          errors={assigned.at.get('target.syncEndpoint')}
          hint={
            <>
              The whole address, starting with https://. Another SCIM 2.0 directory works too; the browser asks before the
              assistant may reach a host other than JumpCloud and Zoho.
              {endpointCentre && endpointCentre !== dataCentre && (
                <strong class="warn-text">
                  {' '}
                  This endpoint is on {ZOHO_DATA_CENTRES[endpointCentre]}, but the data centre chosen is {domain}: check which one
                  Zoho shows.
                </strong>
              )}
            </>
          }
        >
          {(control) => (
            <input
              {...control}
              type="url"
              spellcheck={false}
              autoComplete="off"
              placeholder={`https://directory.${domain}/…`}
              value={endpoint}
              onInput={(e) => setEndpoint(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onSaveSettings('zoho');
              }}
            />
          )}
        </Field>
        <div class="actions">
          <button type="button" onClick={() => onSaveSettings('zoho')} disabled={busy === 'zoho'}>
            Save data centre and Sync endpoint
          </button>
        </div>
        <SecretField
          path="scimToken"
          label="SCIM token"
          hint="Paste the token Zoho shows next to the Sync endpoint. It is kept encrypted in this browser."
          saved={secrets.scimToken}
          value={token}
          errors={assigned.at.get('scimToken')}
          saveLabel="Save SCIM token"
          busy={busy === 'zoho'}
          onInput={setToken}
          onSave={() => onSaveSecret('zoho', 'scimToken')}
        />
        <div class="actions test-row">
          <button type="button" class="primary" onClick={() => onTest('zoho')} disabled={busy === 'zoho'}>
            Test Zoho connection
          </button>
          <span class="hint">Saves what you changed above, then asks the endpoint what it supports.</span>
        </div>
        <Notice value={notice.zoho} />
      </section>
    </div>
  );
}

function JumpCloudReach({ data }: { data: ResponseData<'test.jumpcloud'> }) {
  const users = `${data.users} ${data.users === 1 ? 'user' : 'users'}`;
  if (data.organizations.length <= 1) {
    return (
      <p>
        Connected to <strong>{data.organizations[0] ?? 'your organization'}</strong>: {users}.
      </p>
    );
  }
  return (
    <>
      <p>
        Connected. The API key reaches {data.organizations.length} organizations; the one in use has {users}.
      </p>
      <ul>
        {data.organizations.map((o, i) => (
          <li key={`${i}:${o}`}>{o}</li>
        ))}
      </ul>
    </>
  );
}

function ScimReach({ data }: { data: ResponseData<'test.scim'> }) {
  const rows: [string, boolean][] = [
    ['Updates only what changed (PATCH)', data.patch],
    ['Finds users by name (filter)', data.filter],
    ['Employee ID, department and manager (enterprise extension)', data.enterprise],
    ['Many changes per request (bulk)', data.bulk],
  ];
  return (
    <>
      <p>
        Connected to the Sync endpoint
        {data.users !== undefined ? (
          <>
            : <strong>{data.users}</strong> {data.users === 1 ? 'user' : 'users'} in the directory.
          </>
        ) : (
          '.'
        )}
      </p>
      <ul class="supports">
        {rows.map(([what, yes]) => (
          <li key={what} class={yes ? 'yes' : 'no'}>
            <span aria-hidden="true">{yes ? '✓' : '✗'}</span> {what}: {yes ? 'supported' : 'not supported'}
          </li>
        ))}
      </ul>
    </>
  );
}
