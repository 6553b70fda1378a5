import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,server,widget,console,tests,examples,scripts}/**/*.test.{ts,tsx}'],
    // better-sqlite3 is a native addon; separate processes keep each file's database to itself.
    pool: 'forks',
    // Two at a time on this 2-core machine (Vitest's default is one fewer than the cores: one): most files
    // wait on browsers, servers and timers rather than compute. 190 s instead of 320 s for the suite.
    maxWorkers: 2,
    // Browser tests on a loaded 2-core CI machine: a minute, not 20 s (the console's axe passes timed out at 20 s).
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
