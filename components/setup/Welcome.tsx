// The page the extension opens once, when it is installed: a welcome that asks how the admin's
// users should reach Zoho and leads to the first step. The choice and the steps are the setup
// checklist the popup and the settings show, so the three pages never disagree.
import browser from 'webextension-polyfill';
import { SetupStatus } from '@/components/SetupStatus';
import { useStatus } from '@/components/useAssistant';

export function Welcome() {
  const [state, refresh] = useStatus();
  return (
    <main>
      <h1>Welcome to the JumpCloud assistant for Zoho Directory</h1>
      <p class="lead">
        It brings your JumpCloud users into Zoho Directory or Zoho One. Choose how they should get there: the first
        step's button opens the console where it happens, with its guide started.
      </p>
      {state.kind === 'loading' && <p role="status">Checking setup…</p>}
      {state.kind === 'error' && (
        <p role="alert">
          {state.message} {state.hint}
        </p>
      )}
      {state.kind === 'ready' && <SetupStatus status={state.status} onChanged={refresh} />}
      <p>
        Rather type the key and the token yourself?{' '}
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Open settings
        </button>
      </p>
      <p class="lead">The toolbar button shows this checklist again, with Sync now once setup is done.</p>
    </main>
  );
}
