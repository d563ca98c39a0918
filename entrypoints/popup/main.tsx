import { render } from 'preact';
import browser from 'webextension-polyfill';
import { SetupStatus } from '@/components/SetupStatus';
import '@/components/theme.css';
import './popup.css';

function Popup() {
  return (
    <main>
      <h1>JumpCloud assistant for Zoho Directory</h1>
      <SetupStatus />
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        Open settings
      </button>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
