// parseJsonBytes reads bytes as latin1 and decodes only the strings that need it. It must give
// exactly what JSON.parse(await response.text()) gives, for any bytes: random documents with ASCII,
// accented, CJK and astral text, escapes, keys that need decoding, "__proto__", byte order marks
// and broken UTF-8 are compared with that, value and key order alike, and so are the errors.
import { describe, expect, it } from 'vitest';
import { isBlank, parseJsonBytes } from '@/lib/http/json-bytes';

/** A small deterministic generator, so that a failure can be repeated. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

const PIECES = ['a', 'Z', ' ', '0', 'é', 'ü', 'ß', 'Ł', 'ø', 'Ω', '中', '文', '😀', '\u0085', '\u00a0', 'ÿ', '"', '\\', '\n', '\t', '\u0001', '/'];

function text(r: ReturnType<typeof random>): string {
  let s = '';
  const n = Math.floor(r.next() * 8);
  for (let i = 0; i < n; i++) s += r.pick(PIECES);
  return s;
}

function value(r: ReturnType<typeof random>, depth: number): unknown {
  const kind = depth > 3 ? r.pick(['s', 'n', 'b']) : r.pick(['s', 's', 'n', 'b', 'z', 'a', 'o', 'o']);
  if (kind === 's') return text(r);
  if (kind === 'n') return Math.floor(r.next() * 1e6) / 100;
  if (kind === 'b') return r.next() < 0.5;
  if (kind === 'z') return null;
  if (kind === 'a') return Array.from({ length: Math.floor(r.next() * 4) }, () => value(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0, n = Math.floor(r.next() * 5); i < n; i++) o[r.next() < 0.1 ? '__proto__' : text(r) || 'k'] = value(r, depth + 1);
  return o;
}

const encode = (s: string) => new TextEncoder().encode(s);
const reference = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;

/** The same answer, or the same kind of error. */
function expectSame(bytes: Uint8Array, label: string) {
  let expected: unknown;
  let expectedError: unknown;
  try {
    expected = reference(bytes);
  } catch (e) {
    expectedError = e;
  }
  if (expectedError) {
    expect(() => parseJsonBytes(bytes), label).toThrow(SyntaxError);
    return;
  }
  const got = parseJsonBytes(bytes);
  expect(got, label).toStrictEqual(expected);
  // Key order too, which toStrictEqual does not compare; and "__proto__" stays an own key.
  expect(JSON.stringify(got), label).toBe(JSON.stringify(expected));
}

describe('parseJsonBytes', () => {
  it('gives what decoding first gives, for random documents', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = random(seed);
      const doc = JSON.stringify(value(r, 0));
      expectSame(encode(doc), `seed ${seed}`);
      // The same text with every non-ASCII character escaped (\u), which takes the other path.
      expectSame(encode(doc.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)), `seed ${seed}, escaped`);
    }
  });

  it('keeps "__proto__" an own key, and the prototype untouched', () => {
    const got = parseJsonBytes(encode('{"__proto__":{"polluted":"é"},"naïve":"café"}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.keys(got)).toEqual(['__proto__', 'naïve']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops a byte order mark, and reads broken UTF-8 as response.text() does', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const quoted = (bytes: number[]) => new Uint8Array([0x5b, 0x22, ...bytes, 0x22, 0x5d]); // ["…"]
    const cases: [string, Uint8Array][] = [
      ['a byte order mark', new Uint8Array([...bom, ...encode('{"a":"é"}')])],
      ['a lone continuation byte', quoted([0x41, 0x80, 0x42])],
      ['a truncated sequence before the quote', quoted([0xe2, 0x82])],
      ['an overlong encoding', quoted([0xc0, 0xaf])],
      ['a surrogate encoded in UTF-8', quoted([0xed, 0xa0, 0x80])],
      ['0xFF', quoted([0xff, 0x61])],
      ['a non-ASCII byte outside any string', new Uint8Array([0x5b, 0xc3, 0xa9, 0x5d])],
      ['not JSON', encode('<html>é</html>')],
      ['empty', new Uint8Array()],
      ['a string alone', encode('"é"')],
    ];
    for (const [label, bytes] of cases) expectSame(bytes, label);
  });

  it('reads a view into a larger buffer from its own offset', () => {
    const whole = encode('xx{"name":"Zoë"}yy');
    expect(parseJsonBytes(whole.subarray(2, whole.length - 2))).toEqual({ name: 'Zoë' });
  });
});

describe('isBlank', () => {
  it('says what text.trim() === "" says', () => {
    const cases = ['', ' ', '\n\r\t\v\f', ' {}', '\u00a0', '\ufeff', ' \u00a0x', 'é', '  \u2028 ', '0'];
    for (const s of cases) expect(isBlank(new TextEncoder().encode(s)), JSON.stringify(s)).toBe(s.trim() === '');
    expect(isBlank(new Uint8Array([0xef, 0xbb, 0xbf]))).toBe(true);
  });
});
