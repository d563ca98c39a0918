// The hard-data fixtures: awkward users (Unicode, markup, quotes, whitespace, spec-length values, odd states) the generator plants so every run meets them.
import type { UserPatch } from './model.js';

/** Long values at the spec's maxLength: 1024 for most strings, 256 for employeeIdentifier. */
const LONG_1024 = 'Ω≈ç√∫˜µ≤≥÷'.repeat(102) + 'end!';
const LONG_256 = 'EMP-' + 'x9'.repeat(126);

/**
 * Awkward users, placed at spread-out positions among the generated ones. `label` names them in
 * `directory.special` so tests can find them; everything else overrides the generated user.
 */
export const HARD_USERS: readonly ({ label: string } & UserPatch)[] = Object.freeze([
  { label: 'accents', firstname: 'José', lastname: 'Ñúñez-Åström', displayname: 'José Ñúñez-Åström', username: 'jose.nunez-astrom', email: 'jose.nunez-astrom@example.com' },
  // Decomposed (NFD) forms: "Zoë" and "Café" written with combining marks, which must survive unnormalised.
  { label: 'combining', firstname: 'Zoe\u0308', lastname: 'Cafe\u0301', displayname: 'Zoe\u0308 Cafe\u0301', username: 'zoe.cafe-nfd', email: 'zoe.cafe-nfd@example.com' },
  { label: 'cjk', firstname: '太郎', lastname: '山田', displayname: '山田 太郎', jobTitle: 'エンジニア', location: '東京', username: 'yamada.taro', email: 'yamada.taro@example.com' },
  { label: 'rtl', firstname: 'محمد', lastname: 'العربي', displayname: 'محمد العربي', department: 'הנדסה', location: 'תל אביב', username: 'mohammed.alarabi', email: 'mohammed.alarabi@example.com' },
  { label: 'emoji', firstname: 'Zoë 🦄', lastname: '👩🏽‍💻 Dev', displayname: 'Zoë 🦄 👩🏽‍💻 🇫🇷', description: 'Family: 👨‍👩‍👧‍👦, flag 🏳️‍🌈, keycap 1️⃣', username: 'zoe.emoji', email: 'zoe.emoji@example.com' },
  { label: 'xss', firstname: '<img src=x onerror=alert(1)>', lastname: "<script>alert('x')</script>", displayname: '<b>bold</b> &amp; &lt;', description: '"><svg/onload=alert(document.domain)>', username: 'xss.user', email: 'xss.user@example.com' },
  { label: 'sql', firstname: "O'Brien", lastname: '"; DROP TABLE users;--', displayname: 'Robert\'); DROP TABLE Students;--', jobTitle: 'Say "hello" \\ back\\slash', username: 'bobby.tables', email: "o'brien+tables@example.com" },
  { label: 'whitespace', firstname: '  Padded  ', lastname: ' Trailing ', displayname: '\u00a0Non\u00a0breaking\u00a0', description: 'line one\nline two\r\n\ttabbed\u2028separator\u2029paragraph\u200bzero-width', username: 'padded.user', email: 'padded.user@example.com', employeeIdentifier: ' E-PAD ' },
  { label: 'long', firstname: LONG_1024, lastname: 'Long', displayname: LONG_1024, description: LONG_1024, jobTitle: LONG_1024, employeeIdentifier: LONG_256, username: 'long.values', email: 'long.values@example.com' },
  { label: 'mixedCaseEmail', firstname: 'Mixed', lastname: 'Case', username: 'mixed.case', email: 'Mixed.Case@Example.COM' },
  { label: 'empty', firstname: '', lastname: '', displayname: '', middlename: '', jobTitle: '', username: 'no.names', email: 'no.names@example.com' },
  { label: 'attributeCase', username: 'attr.case', email: 'attr.case@example.com', attributes: [{ name: 'Building', value: 'HQ' }, { name: 'building', value: 'annex' }, { name: 'costCode', value: '  0042 ' }, { name: 'startDate', value: '2020-02-29' }] },
  { label: 'suspended', state: 'SUSPENDED', username: 'suspended.user', email: 'suspended.user@example.com' },
  { label: 'suspended2', state: 'SUSPENDED', username: 'suspended.two', email: 'suspended.two@example.com' },
  { label: 'staged', state: 'STAGED', username: 'staged.user', email: 'staged.user@example.com' },
  { label: 'staged2', state: 'STAGED', username: 'staged.two', email: 'staged.two@example.com' },
  { label: 'locked', account_locked: true, account_locked_date: '2024-05-01T08:00:00.000Z', badLoginAttempts: 10, username: 'locked.user', email: 'locked.user@example.com' },
]);
