// Runs every Vitest project and ends with one plain line, "Tests: N passed, N failed", so a
// reader (or CI) sees the count without parsing Vitest's report.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const out = 'test-results/vitest.json';
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
try {
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  // A file that fails to load runs no test, yet fails the run: it counts as one failed.
  const unloaded = report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  console.log(
    `Tests: ${report.numPassedTests} passed, ${report.numFailedTests + unloaded} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
  if (report.numTotalTests === 0) process.exit(1);
} catch {
  console.log('Tests: 0 passed, 1 failed');
  process.exit(1);
}
process.exit(run.status ?? 1);
