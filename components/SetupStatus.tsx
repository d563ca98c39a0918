// The setup checklist across both consoles, shared by the popup and the options page: how users
// reach Zoho (in plain words), what is done, and the next step — with a button that opens the
// console it happens in, its guide already started.
import { useState } from 'preact/hooks';
import type { SetupPath } from '@/lib/config/schema';
import { send } from '@/lib/messages/client';
import type { GUIDE_CONSOLES, Status } from '@/lib/messages/protocol';

type Flow = keyof typeof GUIDE_CONSOLES;
interface Item {
  text: string;
  /** Known done, or null when only the console can tell (JumpCloud's or Zoho's own side). */
  done: boolean | null;
  guide?: { flow: Flow; label: string };
}

const PATHS: [SetupPath, string, string][] = [
  ['assistant-syncs', 'This assistant syncs', 'It reads JumpCloud and writes to Zoho Directory itself, from the popup or on a schedule.'],
  ['jumpcloud-pushes', 'JumpCloud pushes over SCIM', 'JumpCloud sends the users of the groups you bind to Zoho Directory.'],
  ['zoho-pulls', 'Zoho pulls with an API key', 'Zoho Directory reads your users from JumpCloud on its own schedule.'],
];

/** A console-side step: done once its guide ran to its end; otherwise only the console can tell. */
const finished = (status: Status, flow: 'scim' | 'zoho-api') => (status.guidesFinished?.includes(flow) ? true : null);

function items(path: SetupPath, status: Status): Item[] {
  const apiKey: Item = {
    text: 'Add your JumpCloud API key (JumpCloud console → your profile → My API Key).',
    done: !status.missing.includes('apiKey'),
    guide: { flow: 'api-key', label: 'Open JumpCloud with the API key guide' },
  };
  const target: Item = {
    text: 'Save the Sync endpoint and SCIM token that Zoho Directory shows under Directory Stores → JumpCloud.',
    done: !status.missing.includes('syncEndpoint') && !status.missing.includes('scimToken'),
    guide: { flow: 'zoho-scim', label: 'Open Zoho Directory with the SCIM guide' },
  };
  if (path === 'assistant-syncs') return [apiKey, target];
  if (path === 'jumpcloud-pushes') {
    return [target, { text: 'Set up SCIM provisioning in JumpCloud: a custom application, the groups to sync.', done: finished(status, 'scim'), guide: { flow: 'scim', label: 'Open JumpCloud with the SCIM guide' } }];
  }
  return [apiKey, { text: 'Add JumpCloud in Zoho Directory with the API key, then map the fields and choose the settings.', done: finished(status, 'zoho-api'), guide: { flow: 'zoho-api', label: 'Open Zoho Directory with the API key guide' } }];
}

export function SetupStatus({ status, onChanged }: { status: Status; onChanged: () => void }) {
  const path = status.setupPath ?? 'assistant-syncs';
  const [problem, setProblem] = useState<string>();
  const list = items(path, status);
  const next = list.find((i) => i.done !== true);

  async function choose(p: SetupPath) {
    setProblem(undefined);
    const current = await send({ type: 'config.get' });
    const saved = current.ok ? await send({ type: 'config.save', config: { ...(current.data.config as object), setupPath: p } }) : current;
    if (!saved.ok) setProblem(saved.error);
    onChanged();
  }
  async function start(flow: Flow) {
    setProblem(undefined);
    const reply = await send({ type: 'guide.start', flow });
    if (!reply.ok) setProblem(reply.error);
  }

  return (
    <section aria-labelledby="setup-heading" class="setup">
      <h2 id="setup-heading">Setup</h2>
      <fieldset>
        <legend>How your users reach Zoho Directory</legend>
        {/* The radio is named by its title alone; the sentence under it is its description. */}
        {PATHS.map(([value, title, help]) => (
          <div key={value} class="path">
            <label>
              <input type="radio" name="setup-path" value={value} checked={path === value} aria-describedby={`path-${value}`} onChange={() => void choose(value)} /> {title}
            </label>
            <small id={`path-${value}`}>{help}</small>
          </div>
        ))}
      </fieldset>
      <ol class="checklist">
        {list.map((item) => (
          <li key={item.text}>
            <span class="mark">{item.done === true ? 'Done: ' : 'To do: '}</span>
            {item.text}
            {item.guide && item === next && (
              <button type="button" onClick={() => void start(item.guide!.flow)}>
                {item.guide.label}
              </button>
            )}
          </li>
        ))}
      </ol>
      {!next ? (
        <p role="status">Ready: JumpCloud and Zoho Directory are connected.</p>
      ) : (
        <p role="status">
          <strong>Next step:</strong> {next.text}
        </p>
      )}
      {problem && <p role="alert">{problem}</p>}
    </section>
  );
}
