import '@/lib/zod-jitless';
import { render } from 'preact';
import { Welcome } from '@/components/setup/Welcome';
import '@/components/theme.css';
import './setup.css';

render(<Welcome />, document.getElementById('app')!);
