import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

// Two environments: Convex function tests run in edge-runtime (the closest thing to the Convex
// isolate that convex-test supports); CLI, spec and compat tests need Node's fs and child_process.
export default defineConfig({
  // The project's convex/ app and the fixtures import the library by its package name, as users do.
  resolve: {
    alias: [
      { find: /^convex-versioned$/, replacement: src("index.ts") },
      { find: /^convex-versioned\/zod$/, replacement: src("zod.ts") },
      { find: /^convex-versioned\/client$/, replacement: src("client.ts") },
      { find: /^convex-versioned\/react$/, replacement: src("react.ts") },
    ],
  },
  test: {
    // Explicit for every test: CI runs on 2 shared, often loaded cores, where a spawned CLI or a
    // compiler can take many times what it takes here; vitest's 5 s default is not sized for that.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two test files at a time. Most files wait on spawned CLIs, esbuild or tsgo, so vitest's
    // default (cores − 1: a single worker on a 2-core CI machine) left a core idle: the suite took
    // ~2 min 45 s of vitest here, ~1 min 45 s with two (and 2 min 48 s, passing, with one core kept
    // busy by another process the whole time).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "runtime",
          environment: "edge-runtime",
          include: ["test/runtime/**/*.test.ts"],
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        extends: true,
        test: {
          // The React skew guard: hooks rendered with react-dom in happy-dom, on convex-test.
          name: "react",
          environment: "happy-dom",
          include: ["test/react/**/*.test.ts"],
          server: { deps: { inline: ["convex-test"] } },
        },
      },
      {
        extends: true,
        test: {
          // Pure tests (no mocks, stubs, environment changes or dist/): one process for many files,
          // not one each (Node's start and the imports per file were about half their time).
          name: "unit",
          environment: "node",
          isolate: false,
          include: [
            "test/client/**/*.test.ts",
            "test/compat/**/*.test.ts",
            "test/pending/**/*.test.ts",
            "test/report/**/*.test.ts",
            "test/surfaces/**/*.test.ts",
          ],
        },
      },
      {
        extends: true,
        test: {
          name: "node",
          environment: "node",
          // Spawned CLIs run the compiled dist/, built here from the current sources. Here, not at
          // the root: every project extending the root ran it again (~3.5 s each, before any test).
          globalSetup: ["test/global-setup.ts"],
          include: ["test/**/*.test.ts"],
          exclude: [
            "test/runtime/**",
            "test/react/**",
            "test/client/**",
            "test/compat/**",
            "test/pending/**",
            "test/report/**",
            "test/surfaces/**",
            "test/fixtures/**",
            "test/.tmp/**",
            "**/node_modules/**",
          ],
        },
      },
    ],
    typecheck: { enabled: false },
    // The usage log line every old-version call prints (the evidence `report` reads) is asserted
    // where it matters (test/define/log.test.ts); elsewhere it would bury the test output.
    onConsoleLog: (log) => !log.startsWith('{"convex-versioned":'),
  },
});
