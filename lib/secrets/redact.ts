// Secrets never reach a log line, an error message or a saved run record. Known secret values are
// replaced wherever they appear; anything shaped like a JumpCloud key or a bearer token is replaced
// too, so a secret we were never told about (a pasted wrong key) is hidden as well.

export const REDACTED = '[redacted]';

const SHAPES: RegExp[] = [
  /\bjca_[A-Za-z0-9]{36}\b/g,
  // Older JumpCloud keys: 40 letters and digits, with at least one of each.
  /\b(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{40}\b/g,
  /(\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /(\bx-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
  /(\b(?:token|apiKey|api_key|scimToken)["']?\s*[:=]\s*["']?)[^\s"',}]{8,}/gi,
];

/**
 * Every secret value this context has saved or decrypted, held in memory only (as the decrypted
 * values themselves are), so that every log line and error message is cleaned of them, whichever
 * path it takes and whether or not its caller knew the secrets.
 */
const seen = new Set<string>();
export function noteSecret(value: string | undefined): void {
  if (value && value.length >= 8) seen.add(value);
}

export function redact(text: string, known: Iterable<string | undefined> = []): string {
  let out = text;
  for (const secret of [...known, ...seen]) {
    // Short strings would blank out ordinary words; real secrets are long.
    if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  for (const shape of SHAPES) {
    out = out.replace(shape, (_m, prefix?: string) => (typeof prefix === 'string' ? prefix : '') + REDACTED);
  }
  return out;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Wraps a logger so every line passes redact() first. */
export function redactingLogger(base: Logger, known: () => Iterable<string | undefined>): Logger {
  return {
    info: (m) => base.info(redact(m, known())),
    warn: (m) => base.warn(redact(m, known())),
    error: (m) => base.error(redact(m, known())),
  };
}

/** An Error's message, redacted: the form in which errors are shown, stored or logged. */
export function safeErrorMessage(error: unknown, known: Iterable<string | undefined> = []): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, known);
}
