// The options page: where setup stands, then one tab per part of the job. The page never touches
// storage: it reads the config with config.get and writes it with config.save (lib/messages).
import { useEffect, useState } from 'preact/hooks';
import { SetupStatus } from '@/components/SetupStatus';
import { useStatus } from '@/components/useAssistant';
import { configSchema, type Config } from '@/lib/config/schema';
import { defaultConfig } from '@/lib/config/defaults';
import { send } from '@/lib/messages/client';
import { BackupTab } from './BackupTab';
import { ConnectionTab } from './ConnectionTab';
import { HistoryTab } from './HistoryTab';
import { MappingTab } from './MappingTab';
import { Notice } from './Notice';
import { ReplaceKey } from './ReplaceKey';
import { PassphraseLock } from './PassphraseLock';
import { SettingsTab } from './SettingsTab';
import { Tabs, type TabSpec } from './Tabs';

export interface SecretFlags {
  jumpcloudApiKey: boolean;
  scimToken: boolean;
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'failed'; error: string; hint?: string }
  | { kind: 'ready'; config: Config; secrets: SecretFlags; problem?: string };

type TabId = 'connection' | 'mapping' | 'settings' | 'history' | 'backup';

export function OptionsApp() {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  // Bumped when the whole config is replaced (an import): the editing tabs start again from it.
  const [generation, setGeneration] = useState(0);
  // Where setup stands: asked again after anything that changes what is still missing.
  const [status, refreshStatus] = useStatus();

  const load = async (): Promise<void> => {
    const reply = await send({ type: 'config.get' });
    if (!reply.ok) {
      setLoaded({ kind: 'failed', error: reply.error, ...(reply.hint ? { hint: reply.hint } : {}) });
      return;
    }
    const parsed = configSchema.safeParse(reply.data.config);
    setLoaded(
      parsed.success
        ? { kind: 'ready', config: parsed.data, secrets: reply.data.secrets }
        : {
            kind: 'ready',
            config: defaultConfig(),
            secrets: reply.data.secrets,
            problem: 'The saved settings could not be read, so the defaults are shown. Saving replaces them.',
          },
    );
  };

  useEffect(() => {
    void load();
  }, []);

  const ready = loaded.kind === 'ready' ? loaded : undefined;
  const onSaved = (config: Config) => {
    setLoaded((l) => (l.kind === 'ready' ? { ...l, config, problem: undefined } : l));
    refreshStatus();
  };
  const onSecrets = (secrets: Partial<SecretFlags>) => {
    setLoaded((l) => (l.kind === 'ready' ? { ...l, secrets: { ...l.secrets, ...secrets } } : l));
    refreshStatus();
  };
  const onImported = async () => {
    await load();
    setGeneration((g) => g + 1);
    refreshStatus();
  };

  const tabs: TabSpec<TabId>[] = ready
    ? [
        {
          id: 'connection',
          label: 'Connection',
          render: () => (
            <>
              <ConnectionTab key={generation} saved={ready.config} secrets={ready.secrets} onSaved={onSaved} onSecrets={onSecrets} />
              {status.kind === 'ready' && <PassphraseLock status={status.status} onChanged={refreshStatus} />}
            </>
          ),
        },
        { id: 'mapping', label: 'Field mapping', render: () => <MappingTab key={generation} saved={ready.config} onSaved={onSaved} /> },
        {
          id: 'settings',
          label: 'Settings',
          render: (active) => <SettingsTab key={generation} saved={ready.config} onSaved={onSaved} active={active} />,
        },
        { id: 'history', label: 'History', render: (active) => <HistoryTab active={active} /> },
        { id: 'backup', label: 'Backup', render: () => <BackupTab onImported={onImported} /> },
      ]
    : [];

  return (
    <main>
      <header class="page-header">
        <h1>JumpCloud assistant for Zoho Directory: settings</h1>
        {status.kind === 'ready' && (
          <SetupStatus
            status={status.status}
            onChanged={() => {
              // The path is part of the saved settings: every tab saves on top of the new copy.
              void load();
              refreshStatus();
            }}
          />
        )}
        {status.kind === 'error' && <Notice value={{ kind: 'error', error: status.message, hint: status.hint }} />}
      </header>
      <ReplaceKey onReplaced={() => onSecrets({ jumpcloudApiKey: true })} />
      {loaded.kind === 'loading' && <p class="hint">Loading the settings…</p>}
      {loaded.kind === 'failed' && <Notice value={{ kind: 'error', error: loaded.error, hint: loaded.hint }} />}
      {ready?.problem && <Notice value={{ kind: 'error', error: ready.problem }} />}
      {ready && <Tabs tabs={tabs} label="Settings sections" />}
    </main>
  );
}
