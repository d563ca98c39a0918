// npm run sandbox [-- --users N --seed N --https-port N]: the sandbox alone, until Ctrl-C.
import { parseArgs } from 'node:util';
import { startSandbox } from '../sandbox/index';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    'https-port': { type: 'string', default: '8443' },
  },
});

const sandbox = await startSandbox({
  users: Number(values.users),
  seed: Number(values.seed),
  https: true,
  httpsPort: Number(values['https-port']),
});
const h = sandbox.https!;
console.log(`Sandbox running (${values.users} JumpCloud users, seed ${values.seed}).

JumpCloud API      ${sandbox.jumpcloud.apiBase}   (and ${h.jumpcloudApiBase} through HTTPS)
  API key          ${sandbox.jumpcloud.apiKey}
  organization     ${sandbox.jumpcloud.orgId}
SCIM Sync endpoint ${sandbox.scim.syncEndpoint}   (and ${h.syncEndpoint} through HTTPS)
  SCIM token       ${sandbox.scim.token}

These are the sandbox's own made-up credentials; they open nothing outside this machine.
HTTPS on 127.0.0.1:${h.port} for ${h.hosts.join(', ')}. Start Chromium with:
  chromium ${h.chromiumArgs.map((a) => `'${a}'`).join(' ')} --load-extension=.output/chrome-mv3

Faults: curl -X POST http://127.0.0.1:<port>/__sandbox/faults -d '{"latencyMs":20,"fail429Next":5}'
Press Ctrl-C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
