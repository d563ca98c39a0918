import '@/lib/zod-jitless';
import { render } from 'preact';
import { OptionsApp } from '@/components/options/OptionsApp';
import '@/components/theme.css';
import '@/components/options/options.css';
import './options.css';

render(<OptionsApp />, document.getElementById('app')!);
