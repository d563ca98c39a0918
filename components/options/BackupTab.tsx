// Backup: the whole configuration as a JSON file, and back. The API key and SCIM token go into the
// file only when the admin ticks the box; an imported file passes the same checks as a save.
import { useState } from 'preact/hooks';
import { send } from '@/lib/messages/client';
import { downloadText, fileStamp } from './download';
import { failed, Notice, type NoticeValue } from './Notice';

const MAX_FILE = 5_000_000;

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

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setImported({ kind: 'busy', text: `Reading ${file.name}…` });
    if (file.size > MAX_FILE) {
      input.value = '';
      return setImported({ kind: 'error', error: `${file.name} is too large to be a settings file.`, hint: 'Choose a file exported by the assistant.' });
    }
    const reply = await send({ type: 'settings.import', text: await file.text() });
    // The same file can be chosen again after a fix.
    input.value = '';
    if (!reply.ok) {
      return setImported(
        reply.issues?.length
          ? {
              kind: 'error',
              error: `The file ${file.name} was not imported: ${reply.issues.length === 1 ? 'this setting in it is' : 'these settings in it are'} not valid.`,
              hint: 'Correct the file, or export a new one from the assistant. Nothing was changed.',
              issues: reply.issues,
            }
          : failed(reply),
      );
    }
    await onImported();
    setImported({
      kind: 'ok',
      text:
        `Imported the settings from ${file.name}${reply.data.secrets ? ', with the API key and SCIM token it held' : ''}. Check them under the other tabs.` +
        (reply.data.tokenDropped
          ? ' Its Sync endpoint is another server’s, so the SCIM token saved for the previous one was removed: save the token that store shows on the Connection tab.'
          : ''),
    });
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
          Choose a file exported by the assistant. It replaces the connection, mapping and settings here; if it holds an API key or
          SCIM token, those are replaced too.
        </p>
        <div class="field">
          <label for="import-file">Import settings</label>
          <input id="import-file" type="file" accept=".json,application/json" aria-describedby="import-hint" onChange={(e) => void onFile(e.currentTarget)} />
        </div>
        <Notice value={imported} />
      </section>
    </div>
  );
}
