// Backup: the whole configuration as a JSON file, and back. The API key and SCIM token go into the
// file only when the admin ticks the box; an imported file passes the same checks as a save.
import { useState } from 'preact/hooks';
import { send } from '@/lib/messages/client';
import type { Failure, ResponseData } from '@/lib/messages/protocol';
import { askingFor, requestHostPermission } from './host-permission';
import { downloadText, fileStamp } from './download';
import { failed, Notice, type NoticeValue } from './Notice';

const MAX_FILE = 5_000_000;

/** A file refused: the settings in it that are not valid, at their names; nothing was changed. */
function refused(name: string, reply: Failure): NoticeValue {
  return reply.issues?.length
    ? {
        kind: 'error',
        error: `The file ${name} was not imported: ${reply.issues.length === 1 ? 'this setting in it is' : 'these settings in it are'} not valid.`,
        hint: 'Correct the file, or export a new one from the assistant. Nothing was changed.',
        issues: reply.issues,
      }
    : failed(reply);
}

export function BackupTab({ onImported }: { onImported: () => Promise<void> }) {
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [exported, setExported] = useState<NoticeValue>();
  const [imported, setImported] = useState<NoticeValue>();
  const [busy, setBusy] = useState(false);

  const onExport = async () => {
    setBusy(true);
    const reply = await send({ type: 'settings.export', includeSecrets });
    setBusy(false);
    if (!reply.ok) return setExported(failed(reply));
    const name = `jumpcloud-zoho-assistant-settings-${fileStamp()}.json`;
    downloadText(name, reply.data.text, 'application/json');
    setExported({ kind: 'ok', text: `Exported as ${name}${includeSecrets ? ', with the API key and SCIM token' : ''}.` });
  };

  /** Read and shown, not yet applied: the file's text and what it would change. */
  const [pending, setPending] = useState<{ name: string; text: string; preview: ResponseData<'settings.importPreview'> }>();

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setPending(undefined);
    setImported({ kind: 'busy', text: `Reading ${file.name}…` });
    if (file.size > MAX_FILE) {
      input.value = '';
      return setImported({ kind: 'error', error: `${file.name} is too large to be a settings file.`, hint: 'Choose a file exported by the assistant.' });
    }
    const text = await file.text();
    // The same file can be chosen again after a fix.
    input.value = '';
    const reply = await send({ type: 'settings.importPreview', text });
    if (!reply.ok) return setImported(refused(file.name, reply));
    setImported(undefined);
    setPending({ name: file.name, text, preview: reply.data });
  };

  const onApply = () => {
    if (!pending) return;
    const { name, text, preview } = pending;
    // A Sync endpoint on a host the manifest does not name is asked for in this same click.
    const permission = preview.syncEndpoint ? requestHostPermission(preview.syncEndpoint) : undefined;
    void (async () => {
      setImported(permission ? askingFor(permission.origin) : { kind: 'busy', text: `Applying ${name}…` });
      if (permission && !(await permission.granted)) {
        return setImported({
          kind: 'error',
          error: `Nothing was imported: the browser did not let the assistant reach ${permission.origin}.`,
          hint: 'Apply again and choose Allow when the browser asks, or import a file for another Sync endpoint.',
        });
      }
      const reply = await send({ type: 'settings.import', text });
      setPending(undefined);
      if (!reply.ok) return setImported(refused(name, reply));
      await onImported();
      setImported({
        kind: 'ok',
        text:
          `Imported the settings from ${name}${reply.data.secrets ? ', with the API key and SCIM token it held' : ''}. Check them under the other tabs.` +
          (reply.data.tokenDropped
            ? ' Its Sync endpoint is another server’s, so the SCIM token saved for the previous one was removed: save the token that store shows on the Connection tab.'
            : ''),
      });
    })();
  };

  return (
    <div class="stack">
      <section class="card" aria-labelledby="export-heading">
        <h2 id="export-heading">Save to a file</h2>
        <p class="hint">Saves the connection, field mapping and settings as a JSON file, to keep or to set up another browser.</p>
        <label class="choice">
          <input type="checkbox" checked={includeSecrets} aria-describedby={includeSecrets ? 'secrets-warning' : undefined} onChange={(e) => setIncludeSecrets(e.currentTarget.checked)} />
          <span>Include the API key and SCIM token</span>
        </label>
        {includeSecrets && (
          <div class="notice notice-warn" id="secrets-warning">
            <span aria-hidden="true" class="notice-icon">
              !
            </span>
            <p>
              The file will hold the API key and the SCIM token as plain text. Anyone who has the file can read and change your
              JumpCloud users and your Zoho Directory. Keep it somewhere safe, and delete it when you no longer need it.
            </p>
          </div>
        )}
        <div class="actions">
          <button type="button" class="primary" onClick={() => void onExport()} disabled={busy}>
            Export settings
          </button>
        </div>
        <Notice value={exported} />
      </section>

      <section class="card" aria-labelledby="import-heading">
        <h2 id="import-heading">Restore from a file</h2>
        <p class="hint" id="import-hint">
          Choose a file exported by the assistant. You see what it would change here (the Sync endpoint, the JumpCloud organization,
          the mapping, the criteria, the schedule, the thresholds, and any API key or SCIM token it holds) before you apply it.
        </p>
        <div class="field">
          <label for="import-file">Import settings</label>
          <input id="import-file" type="file" accept=".json,application/json" aria-describedby="import-hint" onChange={(e) => void onFile(e.currentTarget)} />
        </div>
        {pending && (
          <div class="notice" role="group" aria-labelledby="import-changes-title">
            <p id="import-changes-title" class="notice-title">
              {pending.preview.changes.length ? `${pending.name} would change:` : `${pending.name} changes no setting here.`}
            </p>
            {pending.preview.changes.length > 0 && (
              <ul>
                {pending.preview.changes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            )}
            {(pending.preview.secrets.jumpcloudApiKey || pending.preview.secrets.scimToken) && (
              <p>It also holds {pending.preview.secrets.jumpcloudApiKey && pending.preview.secrets.scimToken ? 'an API key and a SCIM token' : pending.preview.secrets.jumpcloudApiKey ? 'an API key' : 'a SCIM token'}, which would replace the saved one.</p>
            )}
            <div class="actions">
              <button type="button" class="primary" onClick={onApply}>
                Apply these settings
              </button>
              <button type="button" onClick={() => setPending(undefined)}>
                Cancel
              </button>
            </div>
          </div>
        )}
        <Notice value={imported} />
      </section>
    </div>
  );
}
