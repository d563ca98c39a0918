// CSV for spreadsheets (RFC 4180): every cell quoted, quotes doubled, CRLF between rows, and a
// byte-order mark so Excel reads UTF-8 names correctly. A cell that a spreadsheet would run as a
// formula (starting with = + - @, or a tab or carriage return, even behind spaces or invisible
// direction marks) is prefixed with ' so it stays text: user names, attribute values and error
// messages come from JumpCloud and the network and are not trusted.
import { attributeLabel, valueText } from './attributes';

const FORMULA_START = /^[\s\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]*[=+\-@]|^[\t\r\n]/;

export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

interface OutcomeLike {
  jumpcloudId: string;
  userName: string;
  action: string;
  result: string;
  reason?: string;
  changed?: string[];
  changes?: { path: string; before?: string | boolean; after?: string | boolean }[];
  error?: string;
  hint?: string;
}

export const OUTCOME_CSV_HEADER = [
  'JumpCloud ID',
  'User',
  'Action',
  'Result',
  'Reason',
  'Changed',
  'Attribute',
  'SCIM path',
  'Before',
  'After',
  'Error',
  'How to fix',
] as const;

const csvValue = (value: string | boolean | undefined) => (value === undefined || value === '' ? '' : valueText(value));

/**
 * A run's outcomes as rows: one per changed attribute whose values the run kept (so a spreadsheet
 * filters by attribute), and one for an outcome without them.
 */
export function outcomeRows(outcomes: readonly OutcomeLike[]): string[][] {
  return outcomes.flatMap((o) => {
    const who = [o.jumpcloudId, o.userName, o.action, o.result, o.reason ?? '', o.changed?.join('; ') ?? ''];
    const why = [o.error ?? '', o.hint ?? ''];
    if (!o.changes?.length) return [[...who, '', '', '', '', ...why]];
    return o.changes.map((c) => [...who, attributeLabel(c.path), c.path, csvValue(c.before), csvValue(c.after), ...why]);
  });
}

export const outcomesCsv = (outcomes: readonly OutcomeLike[]) => toCsv(OUTCOME_CSV_HEADER, outcomeRows(outcomes));
