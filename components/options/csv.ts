// CSV for spreadsheets (RFC 4180): every cell quoted, quotes doubled, CRLF between rows, and a
// byte-order mark so Excel reads UTF-8 names correctly. A cell that a spreadsheet would run as a
// formula (starting with = + - @, or a tab or carriage return) is prefixed with ' so it stays text:
// user names and error messages come from JumpCloud and the network and are not trusted.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
