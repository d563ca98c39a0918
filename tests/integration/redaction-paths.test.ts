// Every shape a secret takes, through every path a message leaves by: the redactor on its own
// (secrets it was never told about), a logger, the background's answer to a page, and the engine's
// run record when the failure is one nobody planned for — over real HTTP against the sandbox.
import { describe, expect, it } from 'vitest';
import { ScimError } from '@/lib/scim/errors';
import { failure } from '@/lib/messages/clients';
import { redact, redactingLogger, REDACTED, safeErrorMessage } from '@/lib/secrets/redact';
import { engineHarness } from '../support/engine';

const SHAPES = {
  'current API key': `jca_${'Ab3'.repeat(12)}`,
  'legacy 40-character API key': `${'x9Y'.repeat(13)}Q`,
  'bearer header': `Authorization: Bearer ${'t0k3n'.repeat(6)}`,
  'x-api-key header': `x-api-key: ${'k3y'.repeat(10)}`,
  'token field': `{"scimToken": "${'s3cr'.repeat(6)}"}`,
};
const bare = (shape: string) => shape.replace(/^.*?(?:Bearer |x-api-key: |"scimToken": ")/, '').replace(/"}$/, '');

describe('secrets are redacted on every path', () => {
  it('by shape, when the redactor was never told the secret', () => {
    for (const [name, shape] of Object.entries(SHAPES)) {
      const out = redact(`failed with ${shape} at step 3`);
      expect(out, name).not.toContain(bare(shape));
      expect(out, name).toContain(REDACTED);
    }
    // Ordinary ids are left alone: a JumpCloud object id, a UUID.
    expect(redact('user 5f1e2d3c4b5a69788796a5b4 / 0b6f3c2a-8d7e-4f1a-9c3b-2e5d6a7f8b9c')).not.toContain(REDACTED);
  });

  it('in a logger, an error message and the answer a page gets', () => {
    const lines: string[] = [];
    const log = redactingLogger({ info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) }, () => []);
    for (const shape of Object.values(SHAPES)) {
      log.warn(`retrying after ${shape}`);
      expect(safeErrorMessage(new Error(`boom: ${shape}`))).not.toContain(bare(shape));
      const reply = failure(new ScimError({ kind: 'invalid', message: `refused ${shape}`, hint: `check ${shape}` }));
      expect(JSON.stringify(reply)).not.toContain(bare(shape));
    }
    expect(lines.join('\n')).not.toMatch(new RegExp(Object.values(SHAPES).map((s) => bare(s)).join('|')));
  });

  it('in the run record of an unplanned failure, for secrets the store holds whatever their shape', async () => {
    const h = await engineHarness({ users: 5 });
    try {
      const token = h.sandbox.scim.token;
      const key = h.sandbox.jumpcloud.apiKey;
      // A fault nobody planned for, in the assistant's own code, whose message carries both secrets
      // in no shape a pattern would know.
      h.store.snapshot.scan = async () => {
        throw new RangeError(`internal state: k${key}k / ${token}`);
      };
      const { run } = await h.sync();
      expect(run.status).toBe('failed');
      const record = JSON.stringify(run);
      expect(record).not.toContain(token);
      expect(record).not.toContain(key);
      expect(record).toContain('internal state');
    } finally {
      await h.close();
    }
  });
});
