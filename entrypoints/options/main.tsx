import { render } from 'preact';
import { SetupStatus } from '@/components/SetupStatus';
import '@/components/theme.css';
import './options.css';

function Options() {
  return (
    <main>
      <h1>JumpCloud assistant for Zoho Directory: settings</h1>
      <SetupStatus />
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
