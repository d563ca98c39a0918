// The checks a journey makes, with no test runner behind them: the journeys run under Vitest in
// the end-to-end tests and in plain Node in the demo (scripts/demo.ts), so they wait as a person
// does with `waitUntil` and judge with node:assert, which Vitest reports as it does its own.
import assert from 'node:assert/strict';

export { assert };

export interface WaitOptions {
  /** How long to wait in all (10 s: the console models render late, as the real consoles do). */
  timeout?: number;
  interval?: number;
  /** What is waited for, for the error when it never comes. */
  message?: string;
}

/**
 * Reads until `ok` holds of what was read, and returns that; a read that throws (a page between
 * two loads) is read again. On timeout, fails with the last thing read.
 */
export async function waitUntil<T>(read: () => Promise<T>, ok: (value: T) => boolean, { timeout = 10_000, interval = 100, message = 'the page' }: WaitOptions = {}): Promise<T> {
  let last: { value: T } | { error: unknown } | undefined;
  for (const until = Date.now() + timeout; ; ) {
    try {
      const value = await read();
      if (ok(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() > until) {
      const seen = last && 'value' in last ? JSON.stringify(last.value) : `an error: ${String(last?.error)}`;
      throw new assert.AssertionError({ message: `Waited ${timeout} ms for ${message}; last saw ${seen}` });
    }
    await new Promise((done) => setTimeout(done, interval));
  }
}

/** Waits until the text read contains `expected` (a string) or matches it (a pattern). */
export function waitForText(read: () => Promise<string>, expected: string | RegExp, options: WaitOptions = {}): Promise<string> {
  const ok = (text: string) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));
  return waitUntil(read, ok, { message: typeof expected === 'string' ? `“${expected}”` : String(expected), ...options });
}
