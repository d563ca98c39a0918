import { describe, expect, it } from 'vitest';
import { redact, REDACTED, redactingLogger, safeErrorMessage } from '@/lib/secrets/redact';

const apiKey = 'jca_' + 'Mn34'.repeat(9);

describe('redaction', () => {
  it('hides known secrets wherever they appear', () => {
    const token = 'opaque-token-value-77';
    expect(redact(`token=${token} and again ${token}`, [token])).toBe(`token=${REDACTED} and again ${REDACTED}`);
  });

  it('hides anything shaped like a JumpCloud key or a bearer token, even unknown ones', () => {
    expect(redact(`key ${apiKey} failed`)).toBe(`key ${REDACTED} failed`);
    expect(redact('Authorization: Bearer abc.def-123456789')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact('{"x-api-key":"0123456789abcdef0123"}')).toBe(`{"x-api-key":"${REDACTED}"}`);
    expect(redact('{"scimToken": "zzzzzzzzzzzzzzzz"}')).toBe(`{"scimToken": "${REDACTED}"}`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'Synced 1,204 users; 3 failed (429 Too Many Requests).';
    expect(redact(text, ['', undefined, 'ab'])).toBe(text);
  });

  it('redacts every line a logger writes and every error message shown', () => {
    const lines: string[] = [];
    const log = redactingLogger({ info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) }, () => [
      'secret-known-value',
    ]);
    log.info(`using ${apiKey}`);
    log.error('failed with secret-known-value');
    expect(lines.join('\n')).not.toMatch(/jca_|secret-known-value/);
    expect(safeErrorMessage(new Error(`401 for ${apiKey}`))).toBe(`401 for ${REDACTED}`);
  });
});
