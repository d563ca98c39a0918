// What the accessibility tests measured, kept in test-results/accessibility.json; each run adds to
// (or replaces by name) what earlier runs wrote, so one file can be run on its own.
import { mkdir, readFile, writeFile } from 'node:fs/promises';

const FIGURES = 'test-results/accessibility.json';

export async function recordFigures(section: string, entries: Record<string, unknown>): Promise<void> {
  await mkdir('test-results', { recursive: true });
  const before = JSON.parse(await readFile(FIGURES, 'utf8').catch(() => '{}')) as Record<string, Record<string, unknown> | undefined>;
  const next = { ...before, [section]: { ...(before[section] ?? {}), ...entries } };
  await writeFile(FIGURES, `${JSON.stringify(next, null, 2)}\n`);
}
