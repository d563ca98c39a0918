// The demo's report: sections of screenshots with their captions, written as one HTML page. A
// secret never reaches it: every screenshot is taken with whatever shows one masked, and the
// page's text (and anything the demo prints) is searched for the secrets before it is kept.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

export interface Secret {
  /** How the report may speak of it ("the SCIM token"); never the value. */
  name: string;
  value: string;
}

/** What a JumpCloud API key looks like, for one shown before the demo has learnt it (a key just generated). */
const API_KEY = /jca_[A-Za-z0-9]{20,}/;

/** The names of the secrets in this text (with or without a key's "jca_"); empty when there are none. */
export function leaks(text: string, secrets: Secret[]): string[] {
  const found = secrets.filter(({ value }) => [value, value.replace(/^jca_/, '')].some((v) => v.length >= 8 && text.includes(v))).map((s) => s.name);
  if (API_KEY.test(text)) found.push('a JumpCloud API key');
  return [...new Set(found)];
}

/** Fails, naming what leaked and where, when this text holds a secret. */
export function assertNoSecrets(text: string, secrets: Secret[], where: string): void {
  const found = leaks(text, secrets);
  if (found.length) throw new Error(`${where} would show ${found.join(', ')}; nothing was kept`);
}

export interface Shot {
  file: string;
  caption: string;
  /** How many places on the page showed a secret and were masked. */
  masked: number;
}

export interface Section {
  title: string;
  notes: string[];
  shots: Shot[];
  table?: { head: string[]; rows: (string | number)[][] };
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export class Report {
  readonly sections: Section[] = [];
  /** Lines under the report's title. */
  readonly head: string[] = [];
  private count = 0;

  constructor(
    readonly dir: string,
    private readonly secrets: () => Secret[],
  ) {}

  section(title: string, notes: string[] = []): Section {
    const section = { title, notes, shots: [] };
    this.sections.push(section);
    return section;
  }

  /** A screenshot of what the page shows now, every text and field that holds a secret masked. */
  async shoot(section: Section, page: Page, caption: string, options: { fullPage?: boolean } = {}): Promise<Shot> {
    const secrets = this.secrets();
    const mask = [...secrets.map((s) => page.getByText(s.value)), page.getByText(API_KEY)];
    let masked = 0;
    for (const locator of mask) masked += await locator.count();
    for (const field of await page.locator('input, textarea').all()) {
      const value = await field.inputValue().catch(() => '');
      if (leaks(value, secrets).length) {
        mask.push(field);
        masked++;
      }
    }
    const file = `${String(++this.count).padStart(2, '0')}-${slug(section.title)}.png`;
    await page.screenshot({ path: resolve(this.dir, file), mask, maskColor: '#3a3f4b', fullPage: options.fullPage ?? false });
    const shot = { file, caption, masked };
    section.shots.push(shot);
    return shot;
  }

  html(): string {
    const figure = (s: Shot) =>
      `<figure><a href="${s.file}"><img src="${s.file}" alt="${escapeHtml(s.caption)}" loading="lazy"></a><figcaption>${escapeHtml(s.caption)}${s.masked ? ` <small>(${s.masked} secret${s.masked > 1 ? 's' : ''} masked)</small>` : ''}</figcaption></figure>`;
    const row = (cells: (string | number)[], tag: 'td' | 'th') => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(String(c))}</${tag}>`).join('')}</tr>`;
    const table = (t: NonNullable<Section['table']>) => `<table><thead>${row(t.head, 'th')}</thead><tbody>${t.rows.map((r) => row(r, 'td')).join('')}</tbody></table>`;
    const section = (s: Section) =>
      [
        `<section><h2>${escapeHtml(s.title)}</h2>`,
        ...s.notes.map((n) => `<p>${escapeHtml(n)}</p>`),
        s.table ? table(s.table) : '',
        s.shots.length ? `<div class="shots">${s.shots.map(figure).join('\n')}</div>` : '',
        '</section>',
      ].join('\n');
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Demo run: JumpCloud assistant for Zoho Directory</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #1d2330; }
.shots { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid #d5d9e0; border-radius: 6px; padding: .5rem; background: #f7f8fa; }
figure img { width: 100%; height: auto; max-height: 560px; object-fit: contain; object-position: top left; display: block; border: 1px solid #e3e6eb; }
figcaption { margin-top: .4rem; font-weight: 600; }
table { border-collapse: collapse; } td, th { border: 1px solid #d5d9e0; padding: .2rem .6rem; text-align: right; } th:first-child, td:first-child { text-align: left; }
</style></head><body>
<h1>Demo run: JumpCloud assistant for Zoho Directory</h1>
${this.head.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
${this.sections.map(section).join('\n')}
</body></html>
`;
  }

  /** Writes report.html, after checking its text holds no secret; returns its path. */
  async write(): Promise<string> {
    const html = this.html();
    assertNoSecrets(html, this.secrets(), 'The report');
    const path = resolve(this.dir, 'report.html');
    await writeFile(path, html);
    return path;
  }
}
