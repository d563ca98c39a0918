#!/usr/bin/env node
// `npx jumpcloud-zoho-assistant sync …` runs the bundled command line that `npm run build` makes.
import { existsSync } from 'node:fs';

const bundle = new URL('../.output/cli/jumpcloud-zoho-assistant.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('The command line is not built yet: run "npm run build" first.\n');
  process.exit(1);
}
await import(bundle.href);
