import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { jumpcloudConsoleMatches, zohoConsoleMatches } from './lib/hosts';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    build: {
      rollupOptions: {
        // zod's sources carry tree-shaking hints Rollup cannot place; the warning is noise.
        onwarn(warning, warn) {
          if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
        },
      },
    },
  }),
  manifest: ({ browser }) => ({
    name: 'JumpCloud assistant for Zoho Directory',
    description:
      'Guides JumpCloud to Zoho Directory setup and syncs JumpCloud users and groups into a Zoho Directory store over SCIM.',
    // scripting: the guide is injected into a console tab only when the admin opens it. storage:
    // storage.session keeps the guide's place per tab and the passphrase lock's key while unlocked,
    // out of the page's reach and gone when the browser closes.
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    icons: { 16: 'icon-16.png', 48: 'icon-48.png', 128: 'icon-128.png' },
    action: { default_icon: { 16: 'icon-16.png', 48: 'icon-48.png' } },
    host_permissions: [...jumpcloudConsoleMatches, ...zohoConsoleMatches],
    // A Sync endpoint on any other host (a custom SCIM directory) is asked for when the admin enters it.
    optional_host_permissions: ['https://*/*'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'jumpcloud-zoho-assistant@assistant.invalid',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
