// Visible words compared as a person reads them. A person does not see case, spacing, punctuation,
// a "+" or an icon glyph before a label, or the order of the two or three words of a short label
// ("API Key" / "Key, API"): none of those tell two things apart on a console page. Whole words
// still must agree — "Engineering" is never "Engineering Managers".

const NOT_A_WORD = /[^\p{L}\p{N}\p{M}']+/gu;
const SHORT_LABEL_WORDS = 4;

export function normalize(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(NOT_A_WORD, ' ')
    .replace(/(^|\s)'+|'+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The same characters once runs of whitespace are one space: what "exactly these words" means. */
export function exactly(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

const sortedWords = (t: string) => t.split(' ').sort().join(' ');

/** 2: the same text; 1: the same words as a person reads them; 0: different. */
export function matchLevel(text: string | null | undefined, name: string): 0 | 1 | 2 {
  const a = exactly(text);
  if (a === '') return 0;
  if (a === exactly(name)) return 2;
  const x = normalize(a);
  const y = normalize(name);
  if (x === '' || y === '') return 0;
  if (x === y) return 1;
  const words = y.split(' ').length;
  return words <= SHORT_LABEL_WORDS && words === x.split(' ').length && sortedWords(x) === sortedWords(y) ? 1 : 0;
}

export function nameMatches(text: string | null | undefined, names: readonly string[]): boolean {
  return names.some((n) => matchLevel(text, n) > 0);
}

/** True when `text` contains one of the phrases, as words. */
export function containsPhrase(text: string | null | undefined, phrases: readonly string[]): boolean {
  const t = ` ${normalize(text)} `;
  return phrases.some((p) => {
    const n = normalize(p);
    return n !== '' && t.includes(` ${n} `);
  });
}
