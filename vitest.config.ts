import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Three kinds of test, as DESIGN.md lays them out, the end-to-end ones in Chromium and in Firefox.
// Those drive one browser per file against the production build, so each project runs one file
// after another with long timeouts.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/contract/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // The console models render late, as the real consoles do (up to a second between a
          // click and the next view): a check waits for the page as a person would.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        extends: true,
        test: {
          // The same production build in Firefox (driven over WebDriver BiDi), one file at a time.
          name: 'firefox',
          include: ['tests/firefox/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
